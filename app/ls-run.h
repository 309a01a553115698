/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-run.h — one run of a scenario, on a worker thread.
 *
 * The VM and its scenario threads live off the GTK thread.  The trace they
 * append to is not safe to read while they run, so the main thread reads
 * it only at a *sync*: the worker parks at the interpreter's next check
 * (the event-limit handler of ls-vm.h, armed every few thousand events),
 * the main thread reads what was appended, then lets it go on.  A request
 * the worker did not meet in time stays up: it then parks at its next
 * check and waits for the next ls_run_sync() (or ls_run_stop()).  Once
 * the run has finished the trace is the main thread's to read at will.
 *
 * Limits (ls-limits.h): a run that reaches its time or event limit may
 * ask before it stops (ls_run_set_ask_at_limit).  The worker then waits,
 * inside the engine's limit handler, for ls_run_continue() — still
 * parking for every ls_run_sync() meanwhile, so the window keeps showing
 * what was computed, and ending at once on ls_run_stop().  The time
 * limit's handler runs with the scheduler's lock held: the worker only
 * waits on the run's own condition there, and the main thread never
 * needs that lock to answer.
 */
#pragma once

#include <glib-object.h>

#include "ls-limits.h"
#include "ls-trace.h"

G_BEGIN_DECLS

typedef enum
{
  LS_RUN_PENDING,     /* not started, or still running */
  LS_RUN_OK,          /* the program ended normally */
  LS_RUN_EXCEPTION,   /* an uncaught exception */
  LS_RUN_SYNTAX_ERROR,
  LS_RUN_DEADLOCK,    /* every task waits and nothing can wake them */
  LS_RUN_LIMIT,       /* a limit of ls-limits.h stopped it */
  LS_RUN_STOPPED,     /* ls_run_stop() */
} LsRunStatus;

#define LS_TYPE_RUN (ls_run_get_type ())

G_DECLARE_FINAL_TYPE (LsRun, ls_run, LS, RUN, GObject)

/* Called with the run's trace while the worker is parked (or done). */
typedef void (*LsRunSyncFunc) (LsRun *run, LsTrace *trace, gpointer user_data);

LsRun       *ls_run_new        (const char *filename,
                                const char *source);
/* Before ls_run_start(): the bounds of the run (default: ls_limits_init). */
void         ls_run_set_limits (LsRun          *self,
                                const LsLimits *limits);
const LsLimits *ls_run_get_limits (LsRun       *self);
/* Before ls_run_start(): at the time or event limit, emit "limit-reached"
 * (LsLimitKind) on the main context and wait for ls_run_continue()
 * instead of stopping at once. */
void         ls_run_set_ask_at_limit (LsRun    *self,
                                      gboolean  ask);
/* The answer to "limit-reached": TRUE goes on with that limit raised by
 * its setting once more (another hour of virtual time, another million
 * events); FALSE stops the run there, with the limit's error.  Ignored
 * when the run is not waiting. */
void         ls_run_continue   (LsRun      *self,
                                gboolean    go_on);
/* The limit the run waits at (LS_LIMIT_NONE when it does not), and in
 * *bound (when not NULL) the value it reached: seconds or events. */
LsLimitKind  ls_run_get_waiting_limit (LsRun  *self,
                                       double *bound);
void         ls_run_start      (LsRun      *self);
/* Asks the VM to stop at once (ls_vm_request_stop); "finished" follows
 * shortly with LS_RUN_STOPPED. */
void         ls_run_stop       (LsRun      *self);

/* Runs `func` on the trace when it is safe: at once when the run has
 * finished; else when the worker parks within `timeout_us` (FALSE when
 * it did not, e.g. a long computation between two events). */
gboolean     ls_run_sync       (LsRun         *self,
                                gint64         timeout_us,
                                LsRunSyncFunc  func,
                                gpointer       user_data);

/* Lets the worker simulate only up to `horizon` virtual seconds (it waits
 * at its next check past it); INFINITY, the default, for no bound.  The
 * window keeps it a little ahead of the time the user watches. */
void         ls_run_set_horizon (LsRun     *self,
                                 double     horizon);
/* Likewise in records: the worker waits at its next check once its trace
 * holds more than `n_records` (G_MAXSIZE, the default: no bound). */
void         ls_run_set_record_horizon (LsRun *self,
                                        gsize  n_records);

/* The program's output not taken yet that was printed when the trace had
 * at most `position` records (G_MAXSIZE: all of it); NULL when none. */
char        *ls_run_take_output (LsRun     *self,
                                 gsize      position);
/* The same, one write of the program at a time: its text (NULL when
 * none is left up to `position`) and, in `written_at`, the number of
 * records the trace had when it was written — its place in time. */
char        *ls_run_take_output_chunk (LsRun  *self,
                                       gsize   position,
                                       gsize  *written_at);

gboolean     ls_run_is_running  (LsRun     *self);
gboolean     ls_run_is_finished (LsRun     *self);
LsRunStatus  ls_run_get_status  (LsRun     *self);
/* After a run LS_RUN_LIMIT stopped: which limit. */
LsLimitKind  ls_run_get_limit_kind (LsRun  *self);
/* After the run: what went wrong in one line ("ValueError: boom"), and
 * the full CPython-style report (traceback), NULL when nothing did. */
const char  *ls_run_get_message (LsRun     *self);
const char  *ls_run_get_report  (LsRun     *self);
/* The scenario line of the error, 0 when unknown. */
guint        ls_run_get_error_line (LsRun  *self);
/* Valid to read only inside ls_run_sync() or after "finished"; lives as
 * long as the run. */
LsTrace     *ls_run_get_trace   (LsRun     *self);
const char  *ls_run_get_filename (LsRun    *self);

G_END_DECLS
