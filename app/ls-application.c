/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-application.c: the desktop application object. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "ls-application.h"
#include "ls-preferences.h"
#include "ls-window-draft.h"
#include "ls-window.h"

struct _LsApplication
{
  AdwApplication  parent_instance;

  /* NULL when the schema is not installed (an uninstalled build started
   * without GSETTINGS_SCHEMA_DIR): the app then runs with its defaults
   * rather than aborting, as g_settings_new() would. */
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (LsApplication, ls_application, ADW_TYPE_APPLICATION)

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  if (schema == NULL)
    {
      g_message ("GSettings schema %s is not installed: window state will not "
                 "be saved (start through build-aux/dev.sh app or meson devenv)",
                 APPLICATION_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
ls_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  LsApplication *self = user_data;
  static const char *developers[] = { "The Loopscope developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", "Loopscope",
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Watch Python asyncio programs run in simulated time"),
                        "developer-name", _("The Loopscope developers"),
                        "developers", developers,
                        "copyright", "© 2026 The Loopscope developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
ls_application_preferences (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  LsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (ls_preferences_window_new (parent, self->settings)));
}

static void
ls_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (user_data)),
                                     (GCopyFunc) g_object_ref, NULL);

  /* Closing rather than g_application_quit(): a window with unsaved edits
   * asks first (ls-window.c), and the app ends with its last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = ls_application_about },
  { .name = "preferences", .activate = ls_application_preferences },
  { .name = "quit", .activate = ls_application_quit },
};

static void
ls_application_startup (GApplication *application)
{
  LsApplication *self = LS_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ls_application_parent_class)->startup (application);

  /* GtkSourceView's types and language/style managers must exist before
   * the first window template is built. */
  gtk_source_init ();

  self->settings = create_settings ();

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static void
ls_application_shutdown (GApplication *application)
{
  LsApplication *self = LS_APPLICATION (application);

  g_clear_object (&self->settings);

  G_APPLICATION_CLASS (ls_application_parent_class)->shutdown (application);
}

static void
ls_application_activate (GApplication *application)
{
  LsApplication *self = LS_APPLICATION (application);
  LsWindow *window;

  window = ls_window_new (self);
  ls_window_open_last_file (window);
  gtk_window_present (GTK_WINDOW (window));
  /* Text a crash left unsaved, once a process. */
  ls_window_offer_drafts (window);
}

static void
ls_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  LsApplication *self = LS_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      LsWindow *window = ls_window_new (self);

      ls_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
      if (i == 0)
        ls_window_offer_drafts (window);
    }
}

static void
ls_application_class_init (LsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = ls_application_startup;
  app_class->shutdown = ls_application_shutdown;
  app_class->activate = ls_application_activate;
  app_class->open = ls_application_open;
}

static void
ls_application_init (LsApplication *self)
{
  /* GApplication has no class-level actions (GtkWidget does, see
   * ls-window.c), so the app's own are added per instance. */
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}

LsApplication *
ls_application_new (void)
{
  return g_object_new (LS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * ls_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the app's settings, or %NULL when
 *   the schema is not installed.
 */
GSettings *
ls_application_get_settings (LsApplication *self)
{
  g_return_val_if_fail (LS_IS_APPLICATION (self), NULL);

  return self->settings;
}
