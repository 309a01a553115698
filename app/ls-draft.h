/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-draft.h — the editor's text kept on disk while it is unsaved, so that
 * a crash, a kill or a power cut of the session loses nothing.
 *
 * Each window writes its own draft, $XDG_STATE_HOME/loopscope/drafts/
 * <unique>.py (the program's text, as it is: a person can open it by
 * hand), with <unique>.py.origin beside it holding the URI of the file it
 * is a draft of, when there is one.  Writes are atomic (a temporary file
 * renamed over the draft: a crash mid-write leaves the previous draft
 * whole) and debounced: a second after the last edit.  A clean close, or
 * a save, removes the draft; so a draft found at start-up is one that a
 * window never got to remove, and the app offers to restore it.
 *
 * GLib and GIO only, no GTK: tests/test-draft.c tests it on its own.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* $XDG_STATE_HOME/loopscope/drafts (not created). */
char      *ls_draft_dup_dir      (void);
/* A path in `dir` no other draft has, for a new window. */
char      *ls_draft_new_path     (const char  *dir);

/* Replaces the draft at `path` (creating its folder) by `text` and, when
 * `origin_uri` is not NULL, its origin; atomically, each file. */
gboolean   ls_draft_write        (const char  *path,
                                  const char  *text,
                                  const char  *origin_uri,
                                  GError     **error);
/* The draft's text and origin (NULL when it has none). */
gboolean   ls_draft_read         (const char  *path,
                                  char       **text,
                                  char       **origin_uri,
                                  GError     **error);
/* Removes the draft and its origin; no error when they are not there. */
void       ls_draft_remove       (const char  *path);
/* The drafts in `dir`, newest first (paths); empty when none. */
GPtrArray *ls_draft_list         (const char  *dir);

/* --- the debounced writer of one window's draft --------------------------- */

/* Returns the text to keep (NULL: nothing unsaved, the draft goes) and its
 * origin in *origin_uri (NULL for none). */
typedef char *(*LsDraftTextFunc) (gpointer   user_data,
                                  char     **origin_uri);

typedef struct _LsDraftSaver LsDraftSaver;

LsDraftSaver *ls_draft_saver_new     (const char      *path,
                                      guint            delay_ms,
                                      LsDraftTextFunc  func,
                                      gpointer         user_data);
const char   *ls_draft_saver_get_path (LsDraftSaver   *self);
/* An edit: write `delay_ms` after the last one. */
void          ls_draft_saver_changed (LsDraftSaver    *self);
/* Writes (or removes) now, whatever is pending. */
void          ls_draft_saver_flush   (LsDraftSaver    *self);
/* Nothing unsaved any more: cancels what is pending, removes the draft. */
void          ls_draft_saver_discard (LsDraftSaver    *self);
/* Cancels what is pending; the draft on disk stays as it is. */
void          ls_draft_saver_free    (LsDraftSaver    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsDraftSaver, ls_draft_saver_free)

G_END_DECLS
