/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-model.h — what a trace means for a timeline: lanes (the event
 * loop, each worker thread, each task), the state of each lane over time,
 * point marks (prints, cancellations, timeouts, shields, errors) and arrows
 * (task creation, wake-ups, cancellations).
 *
 * GLib only and pure: no cairo, no GTK.  It reads an LsTrace and is built
 * incrementally (ls_timeline_model_update() appends the records added since
 * the last call), so the live view can grow it frame by frame.
 *
 * Positions.  Computation takes no virtual time, so every task step is an
 * instant; drawn on a plain time axis, all the steps of one instant would
 * fall on one vertical line and the order in which the loop ran them would
 * be lost.  So each step (and each loop callback or worker-thread run that
 * does something visible) is also given a *slot*: slots are numbered in the
 * order they happen across the whole run.  A point in the model is a pair
 * (time, pos): pos is a slot number, fractional inside a slot (a print
 * inside step k sits at k + 0.5), whole between slots.  Both grow together
 * along the trace, so the layout maps x = a + b·time + c·pos, monotone, and
 * an instant with three steps is three slots wide (ls-timeline-layout.h).
 */
#pragma once

#include <glib.h>

#include "ls-trace.h"

G_BEGIN_DECLS

typedef enum
{
  LS_LANE_LOOP,      /* the event loop (the main thread) */
  LS_LANE_THREAD,    /* a worker thread (to_thread, executors, threading) */
  LS_LANE_TASK,      /* an asyncio task */
} LsLaneKind;

typedef enum
{
  LS_STATE_SCHEDULED,  /* created or woken, waiting in the ready queue */
  LS_STATE_RUNNING,    /* a step of the task / the loop running it / a thread running */
  LS_STATE_WAITING,    /* suspended on a future; label says on what */
  LS_STATE_DONE,       /* returned (thread: finished) */
  LS_STATE_FAILED,     /* raised; label is the exception's last line */
  LS_STATE_CANCELLED,  /* ended by CancelledError */
  LS_STATE_BLOCKED,    /* time.sleep or a blocking wait; label says which */
  LS_STATE_IDLE,       /* the loop with nothing to run, waiting for timers or threads */
  LS_N_STATES
} LsTimelineState;

typedef enum
{
  LS_INTERVAL_OPEN    = 1 << 0,  /* not ended yet: lasts to the end of the model */
  LS_INTERVAL_CALLBACK = 1 << 1, /* on the loop lane: a plain callback, not a task step */
  LS_INTERVAL_LOOP_SLEEP = 1 << 2, /* BLOCKED by time.sleep on the loop's own thread */
} LsIntervalFlags;

typedef struct
{
  double  start_time;
  double  end_time;
  double  start_pos;
  double  end_pos;
  guint32 label;   /* model string, 0 = none */
  guint32 object;  /* WAITING: the future's id; loop RUNNING: the task's lane */
  guint16 state;   /* LsTimelineState */
  guint16 flags;   /* LsIntervalFlags */
  guint32 event;   /* index of the trace record that opened it */
} LsTimelineInterval;

typedef enum
{
  LS_MARK_PRINT,             /* text: what was printed */
  LS_MARK_CANCEL_REQUESTED,  /* on the requester's lane; text: "cancel()" or its message */
  LS_MARK_CANCEL_DELIVERED,  /* CancelledError raised at an await; line: that await */
  LS_MARK_TIMEOUT_EXPIRED,   /* on the lane of the task the timeout guards */
  LS_MARK_SHIELD,            /* shield() absorbed a cancellation; on the shielded task */
  LS_MARK_ERROR,             /* an uncaught exception ended the run; text: its last line */
} LsMarkKind;

typedef struct
{
  double  time;
  double  pos;
  guint32 text;    /* model string */
  guint32 line;    /* scenario line, 0 = unknown */
  guint32 event;   /* trace record */
  guint16 kind;    /* LsMarkKind */
  guint16 unused;
} LsTimelineMark;

typedef enum
{
  LS_ARROW_CREATE,   /* create_task(): from the creator to the first step */
  LS_ARROW_WAKE,     /* a future completed: from who completed it to the step it resumes */
  LS_ARROW_CANCEL,   /* cancel(): from the call to the CancelledError it delivers */
} LsArrowKind;

typedef struct
{
  double  from_time;
  double  from_pos;
  double  to_time;
  double  to_pos;
  guint32 from_lane;
  guint32 to_lane;
  guint32 kind;     /* LsArrowKind */
  guint32 event;    /* trace record of the arrow's end */
} LsTimelineArrow;

typedef enum
{
  LS_TIMEOUT_PENDING,      /* armed, deadline ahead */
  LS_TIMEOUT_EXPIRED,      /* fired at the deadline */
  LS_TIMEOUT_DISARMED,     /* the block ended first */
  LS_TIMEOUT_RESCHEDULED,  /* replaced by a new deadline (a later timeout entry) */
} LsTimeoutState;

typedef struct
{
  guint32 lane;         /* the task it guards */
  guint32 state;        /* LsTimeoutState */
  double  armed_time;
  double  armed_pos;
  double  deadline;     /* virtual seconds; < 0: none (timeout(None)) */
  double  end_time;     /* expiry, disarming or rescheduling; = deadline while pending */
  double  end_pos;      /* < 0 while pending */
  guint32 line;
  guint32 id;           /* the timeout object's id in the trace */
} LsTimelineTimeout;

/* One slot-bearing instant: the slots first_slot .. first_slot + n_slots - 1
 * all happened at `time`. */
typedef struct
{
  double  time;
  guint32 first_slot;
  guint32 n_slots;
} LsTimelineInstant;

typedef struct
{
  LsLaneKind kind;
  guint32    id;         /* task or thread id in the trace; 1 for the loop */
  guint32    parent;     /* lane index of the creating task, G_MAXUINT32 when none */
  guint32    depth;      /* 0 for top-level tasks */
  guint32    name;       /* model string: "Task-2", "asyncio_0", "event loop" */
  guint32    detail;     /* model string: "display_time()", "worker thread" */
  guint32    line;       /* scenario line of the creation, 0 = unknown */
  gboolean   internal;   /* created by asyncio's own machinery (asyncio.run's shutdown) */
  double     start_time; /* creation */
  double     start_pos;
  GArray    *intervals;  /* LsTimelineInterval, in order, never overlapping */
  GArray    *marks;      /* LsTimelineMark, in order */
  guint32    revision;   /* bumped when an interval before the open last one
                          * changed (a zero-length one dropped, the one before
                          * it reopened): summaries of the intervals built by
                          * readers (ls-timeline-raster.c) start over then */
} LsTimelineLane;

typedef struct _LsTimelineModel LsTimelineModel;

#define LS_TIMELINE_NO_LANE G_MAXUINT32
#define LS_TIMELINE_LOOP_LANE 0

/* The model borrows `trace`, which must outlive it. */
LsTimelineModel *ls_timeline_model_new     (LsTrace *trace);
void             ls_timeline_model_free    (LsTimelineModel *self);

/* Reads the records appended to the trace since the last call; returns
 * TRUE when there were any. */
gboolean         ls_timeline_model_update  (LsTimelineModel *self);

LsTrace         *ls_timeline_model_get_trace    (LsTimelineModel *self);
/* Tell readers that keep something computed from the model whether it is
 * still the same: the id is unique to the model in the process (an address
 * can be reused by the next model), the records read change whenever its
 * lanes, intervals or marks do (only ls_timeline_model_update() changes
 * them). */
guint            ls_timeline_model_get_id         (LsTimelineModel *self);
gsize            ls_timeline_model_get_n_records  (LsTimelineModel *self);
guint            ls_timeline_model_get_n_lanes  (LsTimelineModel *self);
const LsTimelineLane *ls_timeline_model_get_lane (LsTimelineModel *self, guint index);
/* The lane of a task or thread id of the trace, LS_TIMELINE_NO_LANE if none. */
guint            ls_timeline_model_lane_for_task   (LsTimelineModel *self, guint32 task_id);
guint            ls_timeline_model_lane_for_thread (LsTimelineModel *self, guint32 thread_id);

const char      *ls_timeline_model_get_string (LsTimelineModel *self, guint32 index);

const GArray    *ls_timeline_model_get_arrows   (LsTimelineModel *self);  /* LsTimelineArrow */
const GArray    *ls_timeline_model_get_timeouts (LsTimelineModel *self);  /* LsTimelineTimeout */
const GArray    *ls_timeline_model_get_instants (LsTimelineModel *self);  /* LsTimelineInstant */

/* The last instant of the run so far (or the live time, when later), and
 * the number of slots so far (the pos of that instant's end). */
double           ls_timeline_model_get_end_time (LsTimelineModel *self);
double           ls_timeline_model_get_end_pos  (LsTimelineModel *self);
guint            ls_timeline_model_get_n_tasks  (LsTimelineModel *self, gboolean with_internal);

/* The first slot at or after instant `time` (the pos where that instant
 * begins); the number of slots when none is that late. */
double           ls_timeline_model_pos_at_time  (LsTimelineModel *self, double time);

/* The interval of `lane` that holds the point (time, pos), or NULL (before
 * the lane began, or after a DONE-like end where nothing is drawn).
 * Open intervals are returned with their end set to the model's end. */
const LsTimelineInterval *ls_timeline_model_interval_at (LsTimelineModel *self, guint lane,
                                                          double time, double pos,
                                                          LsTimelineInterval *open_copy);

/* The state of `lane` once everything at instant `t` has happened:
 * LS_N_STATES when the lane does not exist yet at t.  `label` (may be
 * NULL) gets the interval's label. */
LsTimelineState  ls_timeline_model_state_at (LsTimelineModel *self, guint lane, double t,
                                             const char **label);

const char      *ls_timeline_state_name (LsTimelineState state);

/* --- the loop at an instant: ready queue, timer heap, threads -------------
 *
 * Rebuilt from the trace alone, for the inspector.  "After n records"
 * means once the first n records of the trace have happened; the two
 * record counts below turn a cursor instant into such a point. */

typedef struct
{
  guint32 handle;   /* the handle's id in the trace */
  guint32 name;     /* model string: the callback ("Task.task_step") */
  guint32 task;     /* trace id of the task it steps, wakes or guards, 0 when the trace does not say */
  guint32 owner;    /* lane that queued or armed it; LS_TIMELINE_NO_LANE: the loop itself */
  guint32 what;     /* model string: what it is for ("sleep(1)", "timeout"), 0 when unknown */
  guint32 line;     /* scenario line where a timer was armed, 0 = unknown */
  guint32 begin;    /* trace record that put it there */
  guint32 end;      /* record that took it out (ran, skipped, moved to the ready
                     * queue, cancelled); G_MAXUINT32 while it is still there */
  double  when;     /* timers: the deadline; ready queue: when it was queued */
} LsLoopHandle;

/* Records with a time at most `time`: the end of that instant. */
gsize            ls_timeline_model_records_until (LsTimelineModel *self, double time);
/* Records before the loop ran its first callback at instant `time`: the
 * moment its clock had reached `time` and the due timers had moved to the
 * ready queue.  ls_timeline_model_records_until() when nothing ran then. */
gsize            ls_timeline_model_records_before_run (LsTimelineModel *self, double time);

/* The ready queue after `n_records`, in the order the loop runs it;
 * LsLoopHandle, free with g_array_unref(). */
GArray          *ls_timeline_model_dup_ready_queue (LsTimelineModel *self, gsize n_records);
/* The timers pending after `n_records`, earliest deadline first (ties in
 * the order they were armed, as the loop fires them).  Cancelled timers
 * are left out, although CPython's heap keeps them until they come up. */
GArray          *ls_timeline_model_dup_timers (LsTimelineModel *self, gsize n_records);
/* The lane of the task whose step started a worker thread, NO_LANE when
 * none did (threading.Thread started from the loop's own callbacks). */
guint            ls_timeline_model_get_thread_starter (LsTimelineModel *self, guint lane);

/* While a run plays, the instant shown may be past its last record: open
 * bars and the time axis reach `time` then (NAN, the default: the last
 * record).  ls_timeline_model_get_end_time() includes it. */
void             ls_timeline_model_set_live_time (LsTimelineModel *self, double time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LsTimelineModel, ls_timeline_model_free)

G_END_DECLS
