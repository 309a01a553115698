/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: one command, two doors.  `loopscope run …` is the headless
 * command line, run here; anything else is the desktop app, the
 * `loopscope-gui` program, which this one becomes with exec.  This binary
 * links no GTK: a short run used to spend a quarter of its instructions
 * having the dynamic linker load GTK's libraries for nothing.  Nor cairo
 * and pango: a run that asks for diagrams (--svg, --png, --pdf) becomes
 * `loopscope-export` (export-main.c), the same command line with the
 * painter linked, before it runs anything. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "ls-cli.h"

#define GUI_PROGRAM "loopscope-gui"
#define EXPORT_PROGRAM "loopscope-export"

/* A helper program: next to this binary (a build tree, or a relocated
 * install), else where `meson install` put it. */
static char *
find_helper (const char *program)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      char *beside = g_build_filename (dir, program, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return beside;
      g_free (beside);
    }
  return g_build_filename (LIBEXECDIR, program, NULL);
}

/* Becomes `program` with the same arguments; returns only on failure. */
static int
exec_helper (const char *program,
             const char *what,
             char      **argv)
{
  g_autofree char *path = find_helper (program);

  execv (path, argv);
  fprintf (stderr, "loopscope: cannot start %s %s: %s\n", what, path, g_strerror (errno));
  return 1;
}

int
main (int    argc,
      char **argv)
{
  /* the command line must run on machines without a display, and must
   * not pick up the user's locale (a comma as the decimal point would
   * change the `--timestamps` output the contract fixes) */
  if (argc > 1 && strcmp (argv[1], "run") == 0)
    {
      int status = ls_cli_main (argc - 1, argv + 1, NULL);

      if (status != LS_CLI_NEEDS_EXPORTER)
        return status;
      return exec_helper (EXPORT_PROGRAM, "the diagram exporter", argv);
    }
  return exec_helper (GUI_PROGRAM, "the desktop app", argv);
}
