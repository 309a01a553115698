/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gui-main.c: the desktop app, which `loopscope` (main.c) starts with exec
 * for anything but `loopscope run …`. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ls-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(LsApplication) app = NULL;

  /* the program the user started, whatever file this one is */
  g_set_prgname ("loopscope");
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
