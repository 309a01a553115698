/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-window-actions.c: the window's actions, installed in class_init —
 * files (new, open, save), the run (run, stop, restart), the timeline's
 * zoom, and exports. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ls-examples.h"
#include "ls-window-private.h"

/* --- unsaved edits ------------------------------------------------------- */

typedef struct
{
  LsWindow             *self;
  LsWindowContinuation  then;
  gpointer              data;
  GDestroyNotify        destroy;
  gboolean              save;     /* the user chose Save rather than Discard */
  GFile                *file;     /* Save As: where */
} Continuation;

static Continuation *
continuation_new (LsWindow             *self,
                  LsWindowContinuation  then,
                  gpointer              data,
                  GDestroyNotify        destroy)
{
  Continuation *c = g_new0 (Continuation, 1);

  c->self = g_object_ref (self);
  c->then = then;
  c->data = data;
  c->destroy = destroy;
  return c;
}

static void
continuation_free (Continuation *c)
{
  if (c->destroy != NULL)
    c->destroy (c->data);
  g_clear_object (&c->file);
  g_object_unref (c->self);
  g_free (c);
}

static void
continuation_run (Continuation *c)
{
  if (c->then != NULL)
    c->then (c->self, c->data);
}

static void save_as (LsWindow *self, LsWindowContinuation then, gpointer data, GDestroyNotify destroy);
static void discard_response_cb (AdwMessageDialog *dialog, const char *response, Continuation *c);

/* After the dialog is gone: what follows may close the window the
 * dialog is transient for. */
static gboolean
answer_later (gpointer data)
{
  Continuation *c = data;
  LsWindow *self = c->self;

  if (c->file != NULL)
    {
      ls_window_save_to (self, c->file, c->then, c->data, c->destroy);
      c->destroy = NULL;
    }
  else if (!c->save)
    continuation_run (c);
  else
    {
      if (self->file != NULL && g_file_is_native (self->file))
        ls_window_save_to (self, self->file, c->then, c->data, c->destroy);
      else
        save_as (self, c->then, c->data, c->destroy);
      /* Ownership of data went along. */
      c->destroy = NULL;
    }
  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Continuation     *c)
{
  /* Once: closing the dialog after a response may report its close
   * response too. */
  g_signal_handlers_disconnect_by_func (dialog, discard_response_cb, c);

  if (g_strcmp0 (response, "discard") != 0 && g_strcmp0 (response, "save") != 0)
    {
      continuation_free (c);
      return;
    }
  c->save = g_strcmp0 (response, "save") == 0;
  g_idle_add_full (G_PRIORITY_DEFAULT, answer_later, c, (GDestroyNotify) continuation_free);
}

void
ls_window_confirm_discard (LsWindow             *self,
                           LsWindowContinuation  then,
                           gpointer              data,
                           GDestroyNotify        destroy)
{
  Continuation *c = continuation_new (self, then, data, destroy);
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  if (!gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer)))
    {
      continuation_run (c);
      continuation_free (c);
      return;
    }

  name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup (_("New Program"));
  /* AdwDialog is libadwaita 1.5; Debian 12 has 1.2. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has unsaved changes. Changes which are not saved will be permanently lost."),
                                  name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response_cb), c);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- saving -------------------------------------------------------------- */

typedef struct
{
  LsWindow             *window;   /* owned: the window may close meanwhile */
  GFile                *file;
  GBytes               *text;     /* what was written */
  LsWindowContinuation  then;
  gpointer              data;
  GDestroyNotify        destroy;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  if (job->destroy != NULL)
    job->destroy (job->data);
  g_object_unref (job->window);
  g_object_unref (job->file);
  g_bytes_unref (job->text);
  g_free (job);
}

/* Whether the buffer still holds what was written: edits typed while the
 * file was being written stay unsaved. */
static gboolean
buffer_holds (LsWindow *self,
              GBytes   *text)
{
  g_autofree char *now = NULL;
  GtkTextIter start, end;
  gsize len;
  const char *saved = g_bytes_get_data (text, &len);

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  now = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
  return strlen (now) == len && memcmp (now, saved, len) == 0;
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveJob *job = user_data;
  LsWindow *self = job->window;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (job->file);
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);

      ls_window_toast (self, message);
      save_job_free (job);
      return;
    }
  if (job->file != self->file)
    g_set_object (&self->file, job->file);
  if (buffer_holds (self, job->text))
    gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  ls_window_update_title (self);
  if (job->then != NULL)
    job->then (self, job->data);
  save_job_free (job);
}

void
ls_window_save_to (LsWindow             *self,
                   GFile                *file,
                   LsWindowContinuation  then,
                   gpointer              data,
                   GDestroyNotify        destroy)
{
  SaveJob *job = g_new0 (SaveJob, 1);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
  job->window = g_object_ref (self);
  job->file = g_object_ref (file);
  job->text = g_bytes_new_take (text, strlen (text));
  job->then = then;
  job->data = data;
  job->destroy = destroy;
  /* Off the main thread, so a slow disk never freezes the window; GIO
   * writes a temporary file and renames it over the old one. */
  g_file_replace_contents_bytes_async (file, job->text, NULL, FALSE, G_FILE_CREATE_NONE,
                                       NULL, save_done_cb, job);
}

static void
add_python_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) python = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (python, _("Python Programs"));
  gtk_file_filter_add_mime_type (python, "text/x-python");
  gtk_file_filter_add_mime_type (python, "text/x-python3");
  gtk_file_filter_add_suffix (python, "py");
  gtk_file_chooser_add_filter (chooser, python);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
start_in_last_folder (LsWindow       *self,
                      GtkFileChooser *chooser)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = LS_IS_APPLICATION (app) ? ls_application_get_settings (LS_APPLICATION (app)) : NULL;
  g_autofree char *last = NULL;

  if (settings == NULL)
    return;
  last = g_settings_get_string (settings, "last-file");
  if (last[0] != '\0')
    {
      g_autoptr(GFile) last_file = g_file_new_for_uri (last);
      g_autoptr(GFile) folder = g_file_get_parent (last_file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, folder, NULL);
    }
}

static void
save_as_response (GtkNativeDialog *dialog,
                  int              response,
                  Continuation    *c)
{
  LsWindow *self = c->self;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        c->file = g_steal_pointer (&file);
    }
  gtk_native_dialog_destroy (dialog);
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (dialog))
    g_clear_object (&self->chooser);
  if (c->file != NULL)
    /* Once the dialog is gone (saving may close the window). */
    g_idle_add_full (G_PRIORITY_DEFAULT, answer_later, c, (GDestroyNotify) continuation_free);
  else
    continuation_free (c);
}

static void
save_as (LsWindow             *self,
         LsWindowContinuation  then,
         gpointer              data,
         GDestroyNotify        destroy)
{
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* GtkFileDialog is GTK 4.10; Debian 12 has 4.8. */
  self->chooser = gtk_file_chooser_native_new (_("Save Python Program"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_python_filters (GTK_FILE_CHOOSER (self->chooser));
  start_in_last_folder (self, GTK_FILE_CHOOSER (self->chooser));
  name = self->file != NULL ? g_file_get_basename (self->file) : g_strdup ("program.py");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_as_response),
                    continuation_new (self, then, data, destroy));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LsWindow *self = LS_WINDOW (widget);

  /* Examples live in the binary: saving one makes a copy on disk. */
  if (self->file != NULL && g_file_is_native (self->file))
    ls_window_save_to (self, self->file, NULL, NULL, NULL);
  else
    save_as (self, NULL, NULL, NULL);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_as (LS_WINDOW (widget), NULL, NULL, NULL);
}

/* --- opening ------------------------------------------------------------- */

static void
open_chooser_response (GtkNativeDialog *dialog,
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
show_open_dialog (LsWindow *self,
                  gpointer  data)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (_("Open Python Program"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_python_filters (GTK_FILE_CHOOSER (self->chooser));
  start_in_last_folder (self, GTK_FILE_CHOOSER (self->chooser));
  g_signal_connect (self->chooser, "response", G_CALLBACK (open_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ls_window_confirm_discard (LS_WINDOW (widget), show_open_dialog, NULL, NULL);
}

static void
open_example_now (LsWindow *self,
                  gpointer  data)
{
  ls_window_open_example (self, data);
}

static void
open_example_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ls_window_confirm_discard (LS_WINDOW (widget), open_example_now,
                             g_variant_dup_string (parameter, NULL), g_free);
}

static const char new_program[] =
  "import asyncio\n"
  "\n"
  "\n"
  "async def main():\n"
  "    print(\"hello\")\n"
  "    await asyncio.sleep(1)\n"
  "    print(\"world\")\n"
  "\n"
  "\n"
  "asyncio.run(main())\n";

static void
new_now (LsWindow *self,
         gpointer  data)
{
  g_cancellable_cancel (self->load_cancellable);
  ls_window_set_file (self, NULL, new_program);
  ls_window_run (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ls_window_confirm_discard (LS_WINDOW (widget), new_now, NULL, NULL);
}

/* --- the run ------------------------------------------------------------- */

void
ls_window_update_actions (LsWindow *self)
{
  gboolean playing = ls_window_is_playing (self);
  gboolean finished = self->run != NULL && ls_run_is_finished (self->run);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", playing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pause", playing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step", playing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-error", self->error_line > 0);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ls_window_run (LS_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ls_window_stop (LS_WINDOW (widget));
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LsWindow *self = LS_WINDOW (widget);

  ls_window_set_paused (self, !self->paused);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ls_window_step (LS_WINDOW (widget));
}

/* --- speed --------------------------------------------------------------- */

/* Virtual seconds a second; 0 is "instant". */
static const double speeds[] = { 0.1, 0.5, 1, 2, 5, 10, 100, 0 };

static guint
speed_index (double speed)
{
  guint best = G_N_ELEMENTS (speeds) - 1;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i] > 0 && speed > 0 && fabs (log (speeds[i] / speed)) < fabs (log (speeds[best] > 0 ? speeds[best] / speed : 1e9)))
      best = i;
  return speed > 0 ? best : G_N_ELEMENTS (speeds) - 1;
}

void
ls_window_update_speed_dropdown (LsWindow *self)
{
  guint index = speed_index (self->speed);

  if (gtk_drop_down_get_selected (self->speed_dropdown) != index)
    gtk_drop_down_set_selected (self->speed_dropdown, index);
}

static void
speed_selected_cb (GtkDropDown *dropdown,
                   GParamSpec  *pspec,
                   LsWindow    *self)
{
  guint index = gtk_drop_down_get_selected (dropdown);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = LS_IS_APPLICATION (app) ? ls_application_get_settings (LS_APPLICATION (app)) : NULL;

  if (index >= G_N_ELEMENTS (speeds) || speeds[index] == self->speed)
    return;
  ls_window_set_speed (self, speeds[index]);
  if (settings != NULL)
    g_settings_set_double (settings, "speed", speeds[index]);
}

void
ls_window_init_speed (LsWindow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = LS_IS_APPLICATION (app) ? ls_application_get_settings (LS_APPLICATION (app)) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    {
      g_autofree char *label = NULL;

      if (speeds[i] > 0)
        /* Translators: a playback speed, "0.5×", "10×". */
        label = g_strdup_printf (_("%g×"), speeds[i]);
      else
        label = g_strdup (_("Instant"));
      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->speed_dropdown, G_LIST_MODEL (labels));
  self->speed = settings != NULL ? g_settings_get_double (settings, "speed") : 1.0;
  ls_window_update_speed_dropdown (self);
  g_signal_connect (self->speed_dropdown, "notify::selected", G_CALLBACK (speed_selected_cb), self);
}

static void
show_error_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LsWindow *self = LS_WINDOW (widget);

  ls_window_select_line (self, self->error_line);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* --- the timeline -------------------------------------------------------- */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LsWindow *self = LS_WINDOW (widget);

  if (g_str_equal (action_name, "win.fit"))
    ls_timeline_view_fit (self->timeline_view);
  else
    ls_timeline_view_zoom (self->timeline_view, g_str_equal (action_name, "win.zoom-in") ? 0.5 : 2.0, -1);
}

/* --- exports ------------------------------------------------------------- */

static const struct
{
  const char     *id;
  const char     *suffix;
  LsExportFormat  format;
} export_formats[] = {
  { "svg", "svg", LS_EXPORT_SVG },
  { "png", "png", LS_EXPORT_PNG },
  { "pdf", "pdf", LS_EXPORT_PDF },
  { "json", "json", LS_WINDOW_EXPORT_JSON },
};

gboolean
ls_window_export (LsWindow       *self,
                  LsExportFormat  format,
                  GFile          *file,
                  GError        **error)
{
  return ls_window_export_range (self, format, file, FALSE, error);
}

gboolean
ls_window_export_range (LsWindow       *self,
                        LsExportFormat  format,
                        GFile          *file,
                        gboolean        whole_run,
                        GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autoptr(LsTimelineModel) full = NULL;
  LsExportOptions options;
  double from, to;

  g_return_val_if_fail (LS_IS_WINDOW (self), FALSE);

  if (self->run == NULL || !ls_run_is_finished (self->run) || self->model == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("The run has not finished yet: wait for it or stop it first"));
      return FALSE;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Exports can only be written to local folders"));
      return FALSE;
    }

  if (format == LS_WINDOW_EXPORT_JSON)
    {
      g_autofree char *json = ls_trace_to_chrome_json (ls_run_get_trace (self->run));

      return g_file_set_contents (path, json, -1, error);
    }

  /* The whole run, however far the playback has got: a model of its own
   * (the run has finished, its trace holds still). */
  full = ls_timeline_model_new (ls_run_get_trace (self->run));
  ls_timeline_model_update (full);

  /* What is seen is what is exported: the visible range (unless the
   * whole run was asked for), this style. */
  ls_export_options_init (&options);
  if (whole_run)
    from = to = NAN;
  else
    ls_timeline_view_get_range (self->timeline_view, &from, &to);
  options.from = from;
  options.to = to;
  options.width = 1600;
  options.dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  title = g_strdup (ls_run_get_filename (self->run));
  options.title = title;
  return ls_export_write (full, format, path, &options, error);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 LsWindow        *self)
{
  LsExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "ls-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;
      g_autofree char *message = NULL;

      const char *range = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "range");
      gboolean whole = range != NULL && g_str_equal (range, "whole");

      if (file == NULL)
        ;
      else if (ls_window_export_range (self, format, file, whole, &error))
        {
          message = g_strdup_printf (_("Exported “%s”"), name);
          ls_window_toast (self, message);
        }
      else
        {
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Export"), NULL);

          adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (alert), _("“%s” was not written: %s"),
                                          name, error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LsWindow *self = LS_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  char *dot;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (export_formats); i++)
    if (g_str_equal (export_formats[i].id, id))
      break;
  if (i == G_N_ELEMENTS (export_formats) || self->run == NULL)
    return;

  stem = g_strdup (ls_run_get_filename (self->run));
  if ((dot = strrchr (stem, '.')) != NULL)
    *dot = '\0';
  name = g_strdup_printf ("%s.%s", stem, export_formats[i].suffix);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "ls-format", GINT_TO_POINTER (export_formats[i].format));
  /* Diagrams of the part in view or of everything; the trace (JSON) is
   * always the whole run, a slice of it would cut its flows in half. */
  if (export_formats[i].format != LS_WINDOW_EXPORT_JSON)
    {
      static const char *ids[] = { "visible", "whole", NULL };
      const char *labels[] = { _("Visible range"), _("Whole run"), NULL };
      double from, to;

      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "range", _("Range"), ids, labels);
      ls_timeline_view_get_range (self->timeline_view, &from, &to);
      /* Zoomed in: most likely the part the user is looking at. */
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "range", isnan (from) ? "whole" : "visible");
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
ls_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-example", "s", open_example_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.restart", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.show-error", NULL, show_error_action);
  gtk_widget_class_install_action (widget_class, "win.fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
}
