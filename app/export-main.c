/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-main.c: `loopscope run …` with diagrams (--svg, --png, --pdf),
 * which `loopscope` (main.c) starts with exec: the same command line
 * (ls-cli.c) with the painter, and so cairo and pango, linked. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ls-cli.h"
#include "ls-export.h"
#include "ls-timeline-model.h"

/* Each diagram asked for, written atomically (ls_export_write), in the
 * order svg, png, pdf; the first failure ends it. */
static gboolean
write_diagrams (LsTrace               *trace,
                const char *const      paths[3],
                const LsExportOptions *options,
                GError               **error)
{
  g_autoptr(LsTimelineModel) model = ls_timeline_model_new (trace);

  ls_timeline_model_update (model);
  for (guint format = LS_EXPORT_SVG; format <= LS_EXPORT_PDF; format++)
    if (paths[format] != NULL && !ls_export_write (model, format, paths[format], options, error))
      return FALSE;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  if (argc > 1 && strcmp (argv[1], "run") == 0)
    return ls_cli_main (argc - 1, argv + 1, write_diagrams);
  fprintf (stderr, "loopscope-export: only `loopscope run FILE.py --svg|--png|--pdf OUT …` comes here\n");
  return 2;
}
