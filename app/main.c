/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: one command, two doors.  `loopscope run …` is the headless
 * command line, run here; anything else is the desktop app, the
 * `loopscope-gui` program, which this one becomes with exec.  This binary
 * links no GTK: a short run used to spend a quarter of its instructions
 * having the dynamic linker load GTK's libraries for nothing. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "ls-cli.h"

#define GUI_PROGRAM "loopscope-gui"

/* The desktop app: next to this binary (a build tree, or a relocated
 * install), else where `meson install` put it. */
static char *
find_gui (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      char *beside = g_build_filename (dir, GUI_PROGRAM, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return beside;
      g_free (beside);
    }
  return g_build_filename (LIBEXECDIR, GUI_PROGRAM, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *gui = NULL;

  /* the command line must run on machines without a display, and must
   * not pick up the user's locale (a comma as the decimal point would
   * change the `--timestamps` output the contract fixes) */
  if (argc > 1 && strcmp (argv[1], "run") == 0)
    return ls_cli_main (argc - 1, argv + 1);

  gui = find_gui ();
  execv (gui, argv);
  fprintf (stderr, "loopscope: cannot start the desktop app %s: %s\n", gui, g_strerror (errno));
  return 1;
}
