/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-export.h — the timeline as an SVG, PNG or PDF file, drawn by the one
 * painter (ls-timeline-painter.h) that the window uses too.
 */
#pragma once

#include <math.h>
#include <string.h>

#include <glib.h>

#include "ls-timeline-model.h"

G_BEGIN_DECLS

typedef enum
{
  LS_EXPORT_SVG,
  LS_EXPORT_PNG,
  LS_EXPORT_PDF,
} LsExportFormat;

typedef struct
{
  double      width;          /* pixels (PDF: points); <= 0: 1200 */
  double      from;           /* virtual seconds; NAN: the start */
  double      to;             /* virtual seconds; NAN: the end of the run */
  const char *title;          /* NULL: no title line */
  gboolean    dark;           /* the dark palette */
  gboolean    show_internal;  /* also asyncio.run's own shutdown tasks */
} LsExportOptions;

/* Inline, so that the command line parses the options without linking
 * the painter (and cairo): see app/meson.build. */
static inline void
ls_export_options_init (LsExportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->width = 1200;
  options->from = NAN;
  options->to = NAN;
}

/* The file's bytes. */
GBytes  *ls_export_render (LsTimelineModel       *model,
                           LsExportFormat         format,
                           const LsExportOptions *options,
                           GError               **error);

/* Renders and writes `path` atomically: the bytes go to a temporary file
 * beside it that is renamed into place, so a failure never leaves a
 * half-written file under the name (and removes the temporary one). */
gboolean ls_export_write  (LsTimelineModel       *model,
                           LsExportFormat         format,
                           const char            *path,
                           const LsExportOptions *options,
                           GError               **error);

G_END_DECLS
