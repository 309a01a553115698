/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: one binary, two doors.  `loopscope run …` is the headless command
 * line; anything else is the desktop app. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ls-application.h"
#include "ls-cli.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(LsApplication) app = NULL;

  /* Decide before anything touches GTK: the command line must run on
   * machines without a display, and must not pick up the user's locale
   * here either (a comma as the decimal point would change the
   * `--timestamps` output the contract fixes). */
  if (argc > 1 && strcmp (argv[1], "run") == 0)
    return ls_cli_main (argc - 1, argv + 1);

  setlocale (LC_ALL, "");
  /* An uninstalled build (build-aux/dev.sh app) finds its catalogues in
   * the build tree: _build/po/<lang>/LC_MESSAGES is laid out as a locale
   * directory. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LOOPSCOPE_LOCALEDIR") != NULL ? g_getenv ("LOOPSCOPE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ls_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
