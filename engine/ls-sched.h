/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-sched.h — threads in virtual time.
 *
 * Every scenario thread (the main thread, `threading.Thread`s, executor
 * workers) has a C stack of its own, a fiber (ls-fiber.h) on the OS thread
 * that drives the VM, and only the one holding the token runs; the others
 * are suspended.  A thread gives the token away only when it blocks (a
 * virtual sleep, a lock, the event loop going idle) or ends, so the
 * interleaving is decided here, deterministically, never by the OS.
 * When nothing is runnable, virtual time jumps to the earliest timed event
 * and every event due at that instant becomes runnable as one batch, in
 * (class, registration) order: an idle loop's timer (class 0) before
 * thread wake-ups (class 1).  These are the rules of DESIGN.md, as
 * ../shared/oracle/vrun.py implements them on CPython.
 *
 * Stacks of their own (not frames suspended by returning, as coroutines
 * are) because a thread may block anywhere — inside a callback a C
 * function made, such as functools.partial or a class's __init__ —
 * exactly as a CPython thread can.
 */
#pragma once

#include <glib.h>

#include "ls-object.h"

G_BEGIN_DECLS

typedef struct _LsSched       LsSched;
typedef struct _LsSchedThread LsSchedThread;

typedef enum
{
  LS_WAKE_LOOP = 0,     /* an idle event loop whose next timer is due */
  LS_WAKE_THREAD = 1,   /* a thread's sleep or timed wait */
} LsWakeClass;

typedef enum
{
  LS_BLOCK_WOKEN,       /* made ready by another thread */
  LS_BLOCK_TIMED_OUT,   /* the deadline passed */
  LS_BLOCK_ABORTED,     /* the run is ending (deadlock or teardown): raise */
} LsBlockResult;

LsSched       *ls_sched_new          (LsVM *vm);
void           ls_sched_free         (LsSched *self);

LsSchedThread *ls_sched_current      (LsSched *self);
LsSchedThread *ls_sched_main         (LsSched *self);
gint64         ls_sched_thread_ident (LsSchedThread *thread);
LsSchedThread *ls_sched_lookup       (LsSched *self, gint64 ident);

/* Starts a thread running callable(*args, **kwargs) (kwargs may be NULL).
 * It waits at the back of the ready queue: the caller goes on.  NULL when
 * no thread can be started (too many alive, or no memory for a stack). */
LsSchedThread *ls_sched_spawn        (LsSched *self, LsValue callable, LsValue args, LsValue kwargs);

/* Gives the token away until made ready or until `deadline` (virtual
 * seconds; negative: none) passes. */
LsBlockResult  ls_sched_block        (LsSched *self, double deadline, LsWakeClass wake_class);
/* Makes a blocked thread ready (back of the queue); FALSE if it was not
 * blocked. */
gboolean       ls_sched_make_ready   (LsSched *self, LsSchedThread *thread);

/* The current thread's next block is a time.sleep (for the trace). */
void           ls_sched_set_sleeping  (LsSched *self, gboolean sleeping);

/* The loop of `thread` is idle in loop_wait (for call_soon_threadsafe). */
void           ls_sched_set_loop_idle (LsSched *self, LsSchedThread *thread, gboolean idle);
gboolean       ls_sched_is_loop_idle  (LsSched *self, LsSchedThread *thread);

/* Why the run stopped when a block was aborted: a deadlock description
 * ("every thread is blocked forever") or NULL. */
const char    *ls_sched_get_abort_reason (LsSched *self);

/* From the running thread (or while it picks the next one): every block
 * from now on is aborted, so the other threads unwind as soon as they get
 * the token.  The first reason given is kept. */
void           ls_sched_abort        (LsSched *self, const char *reason);

/* Ends the program: every thread but the caller (the main thread) is
 * aborted and runs until it has unwound.  The caller may be another OS
 * thread than the one that ran the VM. */
void           ls_sched_shutdown     (LsSched *self);

/* Marks the values parked threads hold (their frames, roots, callables). */
void           ls_sched_mark         (LsSched *self);

/* Number of threads that have not finished, the main one included. */
guint          ls_sched_count_alive  (LsSched *self);

G_END_DECLS
