/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-lib-sources.h — modules written in the scenario language itself
 * (engine/lib/ *.py), compiled into the binary by embed-lib.py. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;      /* module name, e.g. "contextlib" */
  const char *filename;  /* shown in tracebacks */
  guint64     hash;      /* the source's SHA-256, its first 8 bytes little-endian */
  const char *source;
} LsLibSource;

/* Terminated by an entry whose name is NULL. */
extern const LsLibSource ls_lib_sources[];

G_END_DECLS
