/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-preferences.c: the preferences window and the limits of a run (see
 * ls-preferences.h). */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gi18n.h>

#include "ls-preferences.h"

void
ls_preferences_get_limits (GSettings *settings,
                           LsLimits  *limits)
{
  /* The engine's defaults for what the app has no setting of (the source
   * size: the editor's text is checked like a file's). */
  ls_limits_init (limits);
  if (settings == NULL)
    {
      limits->max_instructions = LS_APP_DEFAULT_MAX_INSTRUCTIONS;
      limits->max_time = LS_APP_DEFAULT_MAX_TIME;
      limits->max_events = LS_APP_DEFAULT_MAX_EVENTS;
      limits->max_memory = LS_APP_DEFAULT_MAX_MEMORY;
      return;
    }
  limits->max_instructions = g_settings_get_uint64 (settings, "max-instructions");
  limits->max_time = g_settings_get_double (settings, "max-time");
  limits->max_events = g_settings_get_uint64 (settings, "max-events");
  limits->max_memory = g_settings_get_uint64 (settings, "max-memory");
}

/* --- the window ---------------------------------------------------------- */

/* A spin button shows a setting in a unit of its own (MiB for bytes). */
typedef struct
{
  const char *key;
  double      scale;     /* setting = shown × scale */
  double      max;       /* shown */
  double      step;      /* shown */
} LimitRow;

static gboolean
get_scaled (GValue   *value,
            GVariant *variant,
            gpointer  user_data)
{
  const LimitRow *row = user_data;
  double number;

  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_DOUBLE))
    number = g_variant_get_double (variant);
  else
    number = (double) g_variant_get_uint64 (variant);
  g_value_set_double (value, number / row->scale);
  return TRUE;
}

static GVariant *
set_scaled (const GValue       *value,
            const GVariantType *expected_type,
            gpointer            user_data)
{
  const LimitRow *row = user_data;
  double number = g_value_get_double (value) * row->scale;

  if (g_variant_type_equal (expected_type, G_VARIANT_TYPE_DOUBLE))
    return g_variant_new_double (number);
  return g_variant_new_uint64 ((guint64) CLAMP (number, 0, (double) G_MAXUINT64));
}

static GtkWidget *
limit_row_new (GSettings      *settings,
               const LimitRow *row,
               const char     *title,
               const char     *subtitle)
{
  GtkWidget *action_row = adw_action_row_new ();
  GtkAdjustment *adjustment = gtk_adjustment_new (0, 0, row->max, row->step, row->step * 10, 0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, row->step, 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 11);
  /* The row's title names the field for screen readers. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, action_row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), spin);
  gtk_widget_set_name (spin, row->key);

  if (settings != NULL)
    g_settings_bind_with_mapping (settings, row->key, adjustment, "value", G_SETTINGS_BIND_DEFAULT,
                                  get_scaled, set_scaled, (gpointer) row, NULL);
  else
    gtk_widget_set_sensitive (action_row, FALSE);
  return action_row;
}

GtkWidget *
ls_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  static const LimitRow rows[] = {
    { "max-instructions", 1, 1e12, 1e7 },
    { "max-time", 1, 1e9, 60 },
    { "max-events", 1, 1e10, 1e5 },
    { "max-memory", 1024 * 1024, 1024 * 1024, 64 },
  };
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 620, 520);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Limits"));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Limits of a Run"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A program that never ends must not freeze the window or fill the memory. "
                                           "Past the time or event limit a run pauses and asks whether to go on; "
                                           "past the others it stops with an error at its line. "
                                           "0 turns a limit off. Changes apply from the next run."));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             limit_row_new (settings, &rows[0], _("Instructions Without an Await"),
                                            _("Stops a loop that never lets the event loop run")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             limit_row_new (settings, &rows[1], _("Virtual Time"),
                                            _("Seconds of simulated time")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             limit_row_new (settings, &rows[2], _("Events"),
                                            _("Events recorded on the timeline")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             limit_row_new (settings, &rows[3], _("Memory"),
                                            _("Megabytes of the program’s objects; past them it gets a MemoryError")));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return window;
}
