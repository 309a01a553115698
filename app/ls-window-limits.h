/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-window-limits.h: a run's limits in the window — set from the
 * preferences, and "Continue?" when a run reaches its time or event
 * limit. */
#pragma once

#include "ls-run.h"
#include "ls-window.h"

G_BEGIN_DECLS

/* Before ls_run_start(): gives `run` the limits of the settings and asks
 * the user, in a dialog on `self`, when it reaches its time or event
 * limit. */
void ls_window_limits_prepare_run (LsWindow *self,
                                   LsRun    *run);

G_END_DECLS
