/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-view.h — the timeline as a GTK widget.
 *
 * snapshot() appends one cairo node and hands it to the same painter the
 * exports use (ls-timeline-painter.h), with the geometry the layout
 * computed beforehand: what is exported is what is seen.  The view borrows
 * the model; whoever grows it calls ls_timeline_view_model_changed().
 *
 * Ctrl+scroll and a pinch zoom around the pointer (the fingers); scroll
 * sideways, Shift+scroll and dragging pan; plain vertical scroll goes to
 * the scrolled window around it.
 * Clicking a mark or a bar selects it and emits ::event-activated with
 * its trace record and scenario line; clicking elsewhere moves the cursor,
 * and so do Left and Right, instant by instant (::cursor-changed).
 * Ctrl+Left and Ctrl+Right pan.
 */
#pragma once

#include <adwaita.h>

#include "ls-timeline-layout.h"
#include "ls-timeline-model.h"

G_BEGIN_DECLS

#define LS_TYPE_TIMELINE_VIEW (ls_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (LsTimelineView, ls_timeline_view, LS, TIMELINE_VIEW, GtkWidget)

GtkWidget        *ls_timeline_view_new           (void);
/* Borrowed: it must outlive the view's use of it (set NULL before freeing). */
void              ls_timeline_view_set_model     (LsTimelineView  *self,
                                                  LsTimelineModel *model);
LsTimelineModel  *ls_timeline_view_get_model     (LsTimelineView  *self);
/* The model grew: lay out again and redraw. */
void              ls_timeline_view_model_changed (LsTimelineView  *self);

/* The whole run in the width. */
void              ls_timeline_view_fit           (LsTimelineView  *self);
/* factor < 1 zooms in, around x in widget coordinates (< 0: the middle). */
void              ls_timeline_view_zoom          (LsTimelineView  *self,
                                                  double           factor,
                                                  double           x);
/* Moves the visible range by `fraction` of its length. */
void              ls_timeline_view_pan           (LsTimelineView  *self,
                                                  double           fraction);
/* NAN: the start or the end of the run. */
void              ls_timeline_view_get_range     (LsTimelineView  *self,
                                                  double          *from,
                                                  double          *to);

/* The current instant, in virtual seconds; NAN: none. */
void              ls_timeline_view_set_cursor    (LsTimelineView  *self,
                                                  double           time);
double            ls_timeline_view_get_cursor    (LsTimelineView  *self);
/* Moves the cursor to the previous (-1) or next (+1) instant at which
 * something happened (Left and Right when the view has the focus). */
void              ls_timeline_view_step_cursor   (LsTimelineView  *self,
                                                  int              direction);
/* The instant `time` in words, for the inspector: every task's state and
 * what it waits on, the loop's ready queue and timer heap, the live
 * threads (all from the model: ls_timeline_model_dup_ready_queue()…). */
char             *ls_timeline_view_describe_instant (LsTimelineView *self,
                                                     double          time);

LsTimelineLayout *ls_timeline_view_get_layout    (LsTimelineView  *self);

/* What a hit means, in words, for tooltips and screen readers; NULL for
 * LS_HIT_NONE. */
char             *ls_timeline_view_describe_hit  (LsTimelineView      *self,
                                                  const LsTimelineHit *hit);

/* Selects the mark or interval (`kind` LS_HIT_MARK or LS_HIT_INTERVAL) as
 * a click would, emitting ::event-activated. */
void              ls_timeline_view_select        (LsTimelineView    *self,
                                                  LsTimelineHitKind  kind,
                                                  guint              lane,
                                                  guint              index);

G_END_DECLS
