/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-chunk-reserve.h — the 2 MB chunks the small-block allocator carves
 * (ls-pool.c), a few of them made ready ahead on a thread of their own.
 *
 * A fresh chunk's pages are cleared by the kernel at their first write:
 * on the machines the benchmarks run on, about a millisecond per chunk,
 * a quarter of the `threads` scenario and a tenth of `queue`, spent in
 * the middle of an allocation.  Once a process has used half of its
 * first chunk it will likely need more, so from then on (in a process that enabled
 * it: `loopscope run`, whose VM is its main thread) a background thread keeps
 * LS_CHUNK_RESERVE_SIZE chunks mapped and written (so cleared and
 * resident), and the allocator takes one of those when it has one.  The
 * trace cuts its storage from reserve chunks too.  The work is the same; it runs on another core, beside the
 * simulation instead of inside it, for a few megabytes more at the peak.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LS_CHUNK_SIZE (2u * 1024u * 1024u)
#define LS_CHUNK_RESERVE_SIZE 2u

/* A zeroed chunk of LS_CHUNK_SIZE bytes aligned to its size: one from the
 * reserve if one is ready, else mapped now.  `n_taken` is how many chunks
 * the caller holds already; from the second one on the reserve is kept
 * filled. */
guint8 *ls_chunk_reserve_take (guint n_taken);
void    ls_chunk_free         (gpointer chunk);
/* Starts the reserve's thread now (where enabled) rather than at the
 * second chunk taken: for a caller that knows a second is coming. */
void    ls_chunk_reserve_start (void);

/* Lets the reserve's thread start (at the second chunk taken, or when
 * ls_chunk_reserve_start asks): for a
 * process whose VM runs on its main thread and nothing else needs the
 * processor meanwhile, as `loopscope run`.  The app does not call it.
 * Also tunes malloc for such a process and makes resident, at once, the
 * heap its start-up will write (see ls-chunk-reserve.c): call it before
 * the VM is made. */
void     ls_chunk_reserve_enable     (void);
gboolean ls_chunk_reserve_is_enabled (void);

/* For tests: how many chunks are ready now. */
guint   ls_chunk_reserve_n_ready (void);
/* For tests: blocks until the reserve is full (or no thread runs). */
void    ls_chunk_reserve_wait_full (void);

G_END_DECLS
