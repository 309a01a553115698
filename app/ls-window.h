/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "ls-application.h"
#include "ls-export.h"
#include "ls-run.h"
#include "ls-timeline-model.h"
#include "ls-timeline-view.h"

G_BEGIN_DECLS

#define LS_TYPE_WINDOW (ls_window_get_type ())

G_DECLARE_FINAL_TYPE (LsWindow, ls_window, LS, WINDOW, AdwApplicationWindow)

/* What win.export can write besides the diagrams of ls-export.h. */
#define LS_WINDOW_EXPORT_JSON ((LsExportFormat) 100)

LsWindow        *ls_window_new                  (LsApplication *application);
void             ls_window_open_file            (LsWindow      *self,
                                                 GFile         *file);
void             ls_window_open_example         (LsWindow      *self,
                                                 const char    *name);
void             ls_window_open_default_example (LsWindow      *self);
/* The program opened last time (the last-file setting), or the default
 * example when there was none or it is gone. */
void             ls_window_open_last_file       (LsWindow      *self);
GFile           *ls_window_get_file             (LsWindow      *self);
GtkSourceBuffer *ls_window_get_buffer           (LsWindow      *self);

/* Runs the editor's text from the start (stopping the run shown, if any). */
void             ls_window_run                  (LsWindow      *self);
/* Stops the run shown at once; it finishes, detached, in the background. */
void             ls_window_stop                 (LsWindow      *self);
/* The run shown, NULL before the first. */
LsRun           *ls_window_get_run              (LsWindow      *self);
/* The timeline model of the run shown, as far as the view has read it. */
LsTimelineModel *ls_window_get_model            (LsWindow      *self);
LsTimelineView  *ls_window_get_timeline_view    (LsWindow      *self);
char            *ls_window_dup_console_text     (LsWindow      *self);
/* The console's text printed up to the cursor (the rest is dimmed). */
char            *ls_window_dup_console_text_so_far (LsWindow   *self);
char            *ls_window_dup_inspector_text   (LsWindow      *self);
/* Virtual seconds shown per second of wall time; 0: instant. */
void             ls_window_set_speed            (LsWindow      *self,
                                                 double         speed);
double           ls_window_get_speed            (LsWindow      *self);
/* TRUE while the run or its playback is still going. */
gboolean         ls_window_is_playing           (LsWindow      *self);
/* The shown trace (the run as far as it has been played back). */
LsTrace         *ls_window_get_shown_trace      (LsWindow      *self);
/* Frames the window has ticked while a run was shown (for tests). */
guint64          ls_window_get_n_ticks          (LsWindow      *self);
/* The line the editor's cursor is on, from 1. */
guint            ls_window_get_cursor_line      (LsWindow      *self);
/* Writes the finished run as `format` (or LS_WINDOW_EXPORT_JSON): the
 * range in view. */
gboolean         ls_window_export               (LsWindow       *self,
                                                 LsExportFormat  format,
                                                 GFile          *file,
                                                 GError        **error);
/* The same, of the whole run when `whole_run` (JSON always is). */
gboolean         ls_window_export_range         (LsWindow       *self,
                                                 LsExportFormat  format,
                                                 GFile          *file,
                                                 gboolean        whole_run,
                                                 GError        **error);

G_END_DECLS
