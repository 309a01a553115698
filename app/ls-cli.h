/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-cli.h: the headless front door, `loopscope run FILE.py [options]`. */

#pragma once

#include <glib.h>

#include "ls-export.h"
#include "ls-trace.h"

G_BEGIN_DECLS

/* Writes the diagrams (--svg, --png, --pdf) of a finished run; paths[f]
 * is NULL for a format not asked for.  Only `loopscope-export`
 * (export-main.c) has one: it links the painter, and with it cairo and
 * pango, whose thirty-odd libraries the dynamic linker would otherwise
 * load for every run. */
typedef gboolean (*LsCliExportFunc) (LsTrace               *trace,
                                     const char *const      paths[3],
                                     const LsExportOptions *options,
                                     GError               **error);

/* What ls_cli_main returns, before running anything, when diagrams are
 * asked for and it has no export function: the caller hands the same
 * command line to `loopscope-export`. */
#define LS_CLI_NEEDS_EXPORTER (-1)

/* @argv starts at "run" (argv[0] == "run").  Must not touch GTK or need a
 * display.  Returns the process exit status of the command-line contract
 * (DESIGN.md): 0 ok, 1 exception or syntax error, 2 usage error, 3
 * deadlock, 4 limit reached; or LS_CLI_NEEDS_EXPORTER (see above) when
 * @export is NULL. */
int ls_cli_main (int              argc,
                 char           **argv,
                 LsCliExportFunc  export);

G_END_DECLS
