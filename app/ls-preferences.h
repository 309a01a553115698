/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-preferences.h — the preferences window (Ctrl+comma) and the limits
 * each run of the app gets from the settings.
 *
 * The command line's limits (ls-limits.h) are sized for tests and
 * benchmarks; the app's are sized for a person watching: an endless
 * `while True: await asyncio.sleep(1)` reaches an hour of virtual time
 * in a fraction of a second at instant speed, where the engine's million
 * seconds would take most of a minute.  Time and event limits pause the
 * run and ask whether to go on (ls-window-limits.c).
 */
#pragma once

#include <adwaita.h>

#include "ls-limits.h"

G_BEGIN_DECLS

/* The app's defaults; the schema's defaults say the same (a test checks). */
#define LS_APP_DEFAULT_MAX_INSTRUCTIONS G_GUINT64_CONSTANT (100000000)
#define LS_APP_DEFAULT_MAX_TIME         3600.0
#define LS_APP_DEFAULT_MAX_EVENTS       G_GUINT64_CONSTANT (1000000)
#define LS_APP_DEFAULT_MAX_MEMORY       (G_GUINT64_CONSTANT (1) << 30)

/* The limits of the next run: from `settings`, or the app's defaults when
 * it is NULL (an uninstalled build without its schema). */
void       ls_preferences_get_limits (GSettings *settings,
                                      LsLimits  *limits);

/* A preferences window bound to `settings` (changes apply to the next
 * run), transient for `parent`. */
GtkWidget *ls_preferences_window_new (GtkWindow *parent,
                                      GSettings *settings);

G_END_DECLS
