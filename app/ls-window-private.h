/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-window-private.h: what ls-window.c and ls-window-actions.c share. */

#pragma once

#include "ls-playback.h"
#include "ls-run.h"
#include "ls-timeline-model.h"
#include "ls-timeline-view.h"
#include "ls-window.h"

G_BEGIN_DECLS

typedef struct
{
  double time;   /* virtual seconds when it was printed */
  gint64 end;    /* characters printed up to its end */
} ConsoleChunk;

struct _LsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkPaned             *paned;
  GtkPaned             *console_paned;
  GtkSourceView        *source_view;
  GtkSourceBuffer      *buffer;
  GMenu                *examples_menu;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkLabel             *status_label;
  LsTimelineView       *timeline_view;
  GtkTextView          *console_view;
  GtkTextView          *inspector_view;

  /* The program shown: a file on disk or a resource:// example. */
  GFile                *file;
  /* Cancels the load in flight when another file is opened first, so a
   * slow load cannot overwrite a newer one. */
  GCancellable         *load_cancellable;
  /* Kept alive while a file dialog is up: it is not a widget. */
  GtkFileChooserNative *chooser;

  /* The run shown and the model of its trace (which the run owns).  A
   * stopped or replaced run that has not finished yet keeps going in the
   * background, detached: nothing here points at it any more. */
  LsRun                *run;
  /* What the user sees of it: the run's records copied as the shown time
   * passes them (ls-playback.h); the model reads the shown trace. */
  LsPlayback           *playback;
  LsTimelineModel      *model;
  double                play_time;    /* the shown instant, virtual seconds */
  double                speed;        /* virtual seconds a second; 0: instant */
  gboolean              paused;
  gboolean              flush;        /* stopped: show the rest at once */
  gint64                last_frame;   /* frame clock time of the last tick, µs; 0: none yet */
  gboolean              end_shown;    /* the run's end (and error) is on screen */
  GtkDropDown          *speed_dropdown;
  GtkButton            *pause_button;
  guint                 tick_id;
  guint64               n_ticks;
  gsize                 records_per_frame; /* shown a frame at most: see tick_cb */
  GtkTextTag           *error_tag;
  guint                 error_line;

  /* The console by the time each write was printed, so that scrubbing
   * back dims what came later: ConsoleChunk, in order.  `end` counts
   * characters since the run began; `console_trimmed` of them were cut
   * from the top (MAX_CONSOLE_LINES). */
  GArray               *console_chunks;
  gint64                console_trimmed;
  gint64                console_dimmed_from;  /* G_MAXINT64: nothing dimmed */
  GtkTextTag           *later_tag;
  gboolean              inspector_stale;  /* the cursor moved while it was hidden */

  /* Set once the user agreed to lose unsaved edits on close. */
  gboolean              close_confirmed;
};

/* Runs `then` now when nothing is unsaved, else after the user saved or
 * discarded the edits (never when they cancel). */
typedef void (*LsWindowContinuation) (LsWindow *self, gpointer data);
void     ls_window_confirm_discard (LsWindow             *self,
                                    LsWindowContinuation  then,
                                    gpointer              data,
                                    GDestroyNotify        destroy);

void     ls_window_toast           (LsWindow   *self,
                                    const char *message);
void     ls_window_set_file        (LsWindow   *self,
                                    GFile      *file,
                                    const char *text);
void     ls_window_update_title    (LsWindow   *self);
void     ls_window_select_line     (LsWindow   *self,
                                    guint       line);

void     ls_window_step            (LsWindow   *self);
void     ls_window_set_paused      (LsWindow   *self,
                                    gboolean    paused);

/* ls-window-actions.c */
void     ls_window_class_install_actions (GtkWidgetClass *widget_class);
void     ls_window_update_actions  (LsWindow   *self);
void     ls_window_update_speed_dropdown (LsWindow *self);
void     ls_window_init_speed      (LsWindow   *self);
void     ls_window_save_to         (LsWindow             *self,
                                    GFile                *file,
                                    LsWindowContinuation  then,
                                    gpointer              data,
                                    GDestroyNotify        destroy);

G_END_DECLS
