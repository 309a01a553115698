/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-window-draft.h: the window's draft of its unsaved text (ls-draft.h),
 * and the offer, at start, to restore the drafts a crash left behind. */
#pragma once

#include "ls-window.h"

G_BEGIN_DECLS

/* How long after the last edit the draft is written. */
#define LS_WINDOW_DRAFT_DELAY_MS 1000

/* From ls_window_init(): keeps a draft while the buffer is modified. */
void        ls_window_draft_init    (LsWindow *self);
/* From dispose: a window closed with nothing unsaved (or whose edits the
 * user discarded) removes its draft; one torn down otherwise writes its
 * latest text there. */
void        ls_window_draft_dispose (LsWindow *self,
                                     gboolean  discard);
/* The path of the window's draft. */
const char *ls_window_draft_get_path (LsWindow *self);

/* Once a process, on its first window: when drafts are left from a
 * previous one, asks whether to restore them (the newest in `self`, the
 * others in windows of their own). */
void        ls_window_offer_drafts  (LsWindow *self);

G_END_DECLS
