/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * window-test-util.h — what the tests that drive the real window under
 * Xvfb share: spinning the main context, waiting for a load or a run to
 * finish, finding the dialog a window asks with.
 */
#pragma once

#include <adwaita.h>

#include "ls-window.h"

G_BEGIN_DECLS

/* Sanitizer builds under Xvfb are slow: deadlines are generous. */
#define WINDOW_TEST_DEADLINE_S 30

/* Runs the main context for about MS milliseconds. */
void              window_test_spin         (guint       ms);
/* Until the window shows the file BASENAME (and, with WITH_RUN, has
 * started running it), or the deadline passes: FALSE then. */
gboolean          window_test_wait_for_file (LsWindow   *window,
                                             const char *basename,
                                             gboolean    with_run);
/* Until the run shown has finished and the window has shown all of it. */
gboolean          window_test_wait_for_run (LsWindow   *window);
/* The newest visible AdwMessageDialog transient for WINDOW, or NULL. */
AdwMessageDialog *window_test_find_dialog  (LsWindow   *window);
/* The editor's text replaced by TEXT, as if loaded (not an unsaved edit). */
void              window_test_set_program  (LsWindow   *window,
                                            const char *text);
/* The editor's whole text. */
char             *window_test_dup_text     (LsWindow   *window);

G_END_DECLS
