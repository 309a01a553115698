/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-window-limits.c: see ls-window-limits.h. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gi18n.h>

#include "ls-application.h"
#include "ls-preferences.h"
#include "ls-window-limits.h"

static void
limit_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   LsRun            *run)
{
  /* A run nobody agreed to extend does not go on.  Dismissing the
   * question (Escape, or closing the window under it) is the user's stop,
   * as the header's Stop is; the Stop button gives the limit's error. */
  if (g_strcmp0 (response, "close") == 0)
    ls_run_stop (run);
  else
    ls_run_continue (run, g_strcmp0 (response, "continue") == 0);
}

static void
limit_reached_cb (LsRun    *run,
                  guint     kind,
                  LsWindow *self)
{
  const LsLimits *limits = ls_run_get_limits (run);
  g_autofree char *body = NULL;
  double bound = 0;
  const char *heading;
  GtkWidget *dialog;

  /* Answered already (Stop pressed meanwhile): nothing to ask. */
  if (ls_run_get_waiting_limit (run, &bound) != (LsLimitKind) kind)
    return;

  if (kind == LS_LIMIT_TIME)
    {
      heading = _("Time Limit Reached");
      /* Translators: both are seconds of simulated time: the limit reached,
       * then how much more Continue allows. */
      body = g_strdup_printf (_("The program’s simulated clock reached the time limit of %g s, and the program "
                                "may never end. Continue for another %g s, or stop it here?"),
                              bound, limits->max_time);
    }
  else
    {
      g_autofree char *reached = g_strdup_printf ("%.0f", bound);
      g_autofree char *more = g_strdup_printf ("%" G_GUINT64_FORMAT, limits->max_events);

      heading = _("Event Limit Reached");
      /* Translators: both are numbers of events: the limit reached, then
       * how many more Continue allows. */
      body = g_strdup_printf (_("The program recorded %s events, its limit, and may never end. "
                                "Continue for another %s events, or stop it here?"),
                              reached, more);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "stop", _("_Stop"),
                                    "continue", _("_Continue"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  /* The answer goes to this run, whatever the window shows by then. */
  g_object_set_data_full (G_OBJECT (dialog), "ls-run", g_object_ref (run), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (limit_response_cb), run);
  /* A run that ends meanwhile (Stop, a new run, the window closed) has
   * nothing left to ask. */
  g_signal_connect_object (run, "finished", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ls_window_limits_prepare_run (LsWindow *self,
                              LsRun    *run)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = LS_IS_APPLICATION (app) ? ls_application_get_settings (LS_APPLICATION (app)) : NULL;
  LsLimits limits;

  ls_preferences_get_limits (settings, &limits);
  ls_run_set_limits (run, &limits);
  ls_run_set_ask_at_limit (run, TRUE);
  g_signal_connect_object (run, "limit-reached", G_CALLBACK (limit_reached_cb), self, 0);
}
