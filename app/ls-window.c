/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-window.c: the main window — the program on the left, the timeline
 * (for now a placeholder) on the right. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gi18n.h>

#include "ls-examples.h"
#include "ls-window.h"

struct _LsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkPaned             *paned;
  GtkSourceView        *source_view;
  GtkSourceBuffer      *buffer;
  GMenu                *examples_menu;

  /* The program shown: a file on disk or a resource:// example. */
  GFile                *file;
  /* Cancels the load in flight when another file is opened first, so a
   * slow load cannot overwrite a newer one. */
  GCancellable         *load_cancellable;
  /* Kept alive while the Open dialog is up: it is not a widget. */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (LsWindow, ls_window, ADW_TYPE_APPLICATION_WINDOW)

static void
ls_window_toast (LsWindow   *self,
                 const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
ls_window_update_style_scheme (LsWindow *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style_manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
ls_window_set_file (LsWindow   *self,
                    GFile      *file,
                    const char *text)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = NULL;
  GtkTextIter start;

  g_set_object (&self->file, file);

  /* Loading is not an edit the user can undo. */
  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text, -1);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &start);

  adw_window_title_set_subtitle (self->window_title, name);
  /* The window manager and the task switcher see only this one. */
  title = g_strdup_printf ("%s — Loopscope", name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
ls_window_load_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(LsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* GIO's own messages repeat the full path; say the common cases
       * plainly and keep its text for the rest. */
      name = g_file_get_parse_name (file);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        message = g_strdup_printf (_("“%s” does not exist"), name);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        message = g_strdup_printf (_("You are not allowed to read “%s”"), name);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        message = g_strdup_printf (_("“%s” is a folder"), name);
      else
        message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);
      ls_window_toast (self, message);
      return;
    }

  /* GtkTextBuffer takes UTF-8 only, and a scenario is text: say so rather
   * than show mojibake. */
  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_autofree char *message = NULL;

      name = g_file_get_basename (file);
      message = g_strdup_printf (_("“%s” is not UTF-8 text"), name);
      ls_window_toast (self, message);
      return;
    }

  ls_window_set_file (self, file, contents);

  /* Examples are not worth remembering; files on disk are where the next
   * Open dialog should start. */
  if (g_file_is_native (file))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
      GSettings *settings = NULL;

      if (LS_IS_APPLICATION (app))
        settings = ls_application_get_settings (LS_APPLICATION (app));
      if (settings != NULL)
        {
          g_autofree char *uri = g_file_get_uri (file);

          g_settings_set_string (settings, "last-file", uri);
        }
    }
}

void
ls_window_open_file (LsWindow *self,
                     GFile    *file)
{
  g_return_if_fail (LS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  g_file_load_contents_async (file, self->load_cancellable,
                              ls_window_load_cb, g_object_ref (self));
}

void
ls_window_open_example (LsWindow   *self,
                        const char *name)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (LS_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  file = ls_examples_dup_file (name);
  if (file == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is no example called “%s”"), name);

      ls_window_toast (self, message);
      return;
    }

  ls_window_open_file (self, file);
}

void
ls_window_open_default_example (LsWindow *self)
{
  g_autofree char *name = ls_examples_dup_default_name ();

  ls_window_open_example (self, name);
}

static void
ls_window_chooser_response (GtkNativeDialog *dialog,
                            int              response,
                            LsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        ls_window_open_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
ls_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LsWindow *self = LS_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = NULL;
  g_autoptr(GtkFileFilter) python = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  /* GtkFileDialog is GTK 4.10; Debian 12 has 4.8. */
  self->chooser = gtk_file_chooser_native_new (_("Open Python Program"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (python, _("Python Programs"));
  gtk_file_filter_add_mime_type (python, "text/x-python");
  gtk_file_filter_add_mime_type (python, "text/x-python3");
  gtk_file_filter_add_suffix (python, "py");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), python);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  if (LS_IS_APPLICATION (app))
    settings = ls_application_get_settings (LS_APPLICATION (app));
  if (settings != NULL)
    {
      g_autofree char *last = g_settings_get_string (settings, "last-file");

      if (last[0] != '\0')
        {
          g_autoptr(GFile) last_file = g_file_new_for_uri (last);
          g_autoptr(GFile) folder = g_file_get_parent (last_file);

          if (folder != NULL)
            gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
        }
    }

  g_signal_connect (self->chooser, "response",
                    G_CALLBACK (ls_window_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ls_window_open_example_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  ls_window_open_example (LS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
ls_window_dispose (GObject *object)
{
  LsWindow *self = LS_WINDOW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->file);

  gtk_widget_dispose_template (GTK_WIDGET (self), LS_TYPE_WINDOW);

  G_OBJECT_CLASS (ls_window_parent_class)->dispose (object);
}

static void
ls_window_class_init (LsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ls_window_dispose;

  /* The template names these types; make sure they are registered. */
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ls-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, source_view);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, buffer);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, examples_menu);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, ls_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", "s",
                                   ls_window_open_example_action);
}

static void
ls_window_init (LsWindow *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  g_autoptr(GMenuModel) examples = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages, "python3"));

  ls_window_update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (ls_window_update_style_scheme), self,
                           G_CONNECT_SWAPPED);

  examples = ls_examples_create_menu ("win.open-example");
  g_menu_append_section (self->examples_menu, NULL, examples);
}

LsWindow *
ls_window_new (LsApplication *application)
{
  LsWindow *self;
  GSettings *settings;

  g_return_val_if_fail (LS_IS_APPLICATION (application), NULL);

  self = g_object_new (LS_TYPE_WINDOW, "application", application, NULL);

  settings = ls_application_get_settings (application);
  if (settings != NULL)
    {
      g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "pane-position", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
    }

  return self;
}

/**
 * ls_window_get_file:
 *
 * Returns: (transfer none) (nullable): the file shown, %NULL until one
 *   has loaded.
 */
GFile *
ls_window_get_file (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * ls_window_get_buffer:
 *
 * Returns: (transfer none): the buffer holding the program's source.
 */
GtkSourceBuffer *
ls_window_get_buffer (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  return self->buffer;
}
