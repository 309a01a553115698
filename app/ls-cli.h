/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-cli.h: the headless front door, `loopscope run FILE.py [options]`. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @argv starts at "run" (argv[0] == "run").  Must not touch GTK or need a
 * display.  Returns the process exit status of the command-line contract
 * (DESIGN.md): 0 ok, 1 exception or syntax error, 2 usage error, 3
 * deadlock, 4 limit reached. */
int ls_cli_main (int    argc,
                 char **argv);

G_END_DECLS
