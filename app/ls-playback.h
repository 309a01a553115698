/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-playback.h — a run replayed at a chosen speed.
 *
 * The run (ls-run.h) simulates as fast as it can; the user watches at
 * 0.1× to 100× of virtual time, or instantly.  A playback is a second
 * trace, the *shown* one, into which the run's records are copied as the
 * shown time passes them: the timeline model and the console read only
 * the shown trace, so the window shows the run exactly as it was at the
 * shown instant, and lanes, prints and errors appear when they happen.
 *
 * Records are copied unchanged: their string and number indices stay
 * valid because the shown trace gets the run's strings and numbers in the
 * run's order (both tables are append-only and the strings unique).
 */
#pragma once

#include <glib.h>

#include "ls-trace.h"

G_BEGIN_DECLS

typedef struct _LsPlayback LsPlayback;

LsPlayback *ls_playback_new       (void);
void        ls_playback_free      (LsPlayback *self);

/* The shown trace. */
LsTrace    *ls_playback_get_trace (LsPlayback *self);

/* Copies the records of `source` not copied yet whose time is at most
 * `until` (INFINITY: all of them), at most `max` of them; the text of
 * every print copied is appended to `output` (may be NULL).  Returns how
 * many were copied.  `source` must hold still meanwhile (ls_run_sync). */
gsize       ls_playback_copy      (LsPlayback *self,
                                   LsTrace    *source,
                                   double      until,
                                   gsize       max,
                                   GString    *output);
/* Records of `source` not copied yet. */
gsize       ls_playback_get_n_behind (LsPlayback *self,
                                      LsTrace    *source);
/* Time of the next record to copy, NAN when there is none yet. */
double      ls_playback_get_next_time (LsPlayback *self,
                                       LsTrace    *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsPlayback, ls_playback_free)

G_END_DECLS
