/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-model.c — a trace read as lanes, states, marks and arrows.
 *
 * One pass over the records, in order, keeping just enough state to know
 * where each record belongs: which task's step is running (the trace's
 * step start/end), which loop callback is running, who will be woken when
 * a future completes (the STEP_END that awaited it), and who caused each
 * scheduled callback (so that a future completed inside a callback that a
 * worker thread or a finished task scheduled is drawn as woken by them).
 * Like ls-trace-chrome.c, it never looks at the VM: the trace is enough.
 *
 * The words it makes up (lane names, labels, marks) are translated: the
 * window shows them, and exports from the window match what it shows.
 * The command line never sets a locale (main.c), so its exports stay in
 * English whatever the user's language.
 */
#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ls-timeline-model.h"

typedef struct
{
  guint32 lane;
  double  time;
  double  pos;
  gboolean valid;
} Source;

/* What the model needs to know about a lane while reading the trace. */
typedef struct
{
  Source  pending_create;  /* arrow that ends at the task's first step */
  Source  pending_wake;    /* arrow that ends at the task's next step */
  Source  pending_cancel;  /* arrow that ends at the CancelledError it delivers */
  guint32 waiting_on;      /* future id while WAITING, else 0 */
  double  slot;            /* slot of the running step, < 0 when none */
  guint   prints_in_slot;  /* prints so far in that slot, to spread them */
  guint32 starter;         /* threads: the lane of the task whose step started it */
} LaneRun;

typedef struct
{
  Source  cause;
  guint32 name;            /* model string: the callback's name */
  guint32 timeout;         /* the timeout id whose deadline it is, 0 when none */
} HandleInfo;

struct _LsTimelineModel
{
  LsTrace    *trace;
  gsize       n_read;
  guint       id;             /* ls_timeline_model_get_id() */

  GPtrArray  *lanes;          /* LsTimelineLane* */
  /* Task lanes, all and without asyncio's own (ls_timeline_model_get_n_tasks
   * is asked every frame of a live run: counted as they are added). */
  guint       n_tasks;
  guint       n_user_tasks;
  GArray     *runs;           /* LaneRun, parallel to lanes */
  GHashTable *task_lanes;     /* task id -> lane + 1 */
  GHashTable *thread_lanes;   /* thread id -> lane + 1 */

  GPtrArray  *strings;        /* index 0 is "" */
  GHashTable *string_ids;     /* char* -> index + 1 */

  GArray     *arrows;
  GArray     *timeouts;
  GHashTable *timeout_index;  /* timeout id -> index + 1 of its current entry */
  GArray     *instants;
  guint32     n_slots;
  double      end_time;

  /* what is running now */
  guint32     step_lane;      /* lane of the task in a step, NO_LANE when none */
  guint32     callback;       /* handle of the running callback, 0 when none */
  HandleInfo  callback_info;
  double      callback_slot;  /* its slot once it did something visible, else < 0 */
  guint       callback_prints;
  double      thread_slot;    /* slot of a worker thread's visible run outside the loop's slots */
  guint32     thread_slot_lane;
  guint       thread_prints;

  GHashTable *waiters;        /* future id -> GArray of lane indexes awaiting it */
  GHashTable *handles;        /* handle id -> HandleInfo* while scheduled */
  GHashTable *timer_timeouts; /* timer handle id -> timeout id */
  Source      last_done;      /* completion just recorded, for the callbacks it schedules */

  /* The loop's queues over time, for the inspector. */
  GArray     *ready;          /* LsLoopHandle, in the order queued */
  guint       ready_head;     /* entries before it have all left the queue */
  GHashTable *ready_open;     /* handle id -> index + 1 while queued */
  GArray     *timers;         /* LsLoopHandle, in the order armed */
  GHashTable *timer_open;     /* handle id -> index + 1 while armed */
  guint32     last_future;    /* the future created by the previous record, 0 when none */
  gsize       last_future_record;
  guint32     sleep_timer;    /* index + 1 of a timer that may be a sleep's: see arm_timer */
  guint32     sleep_future;
  double      live_time;      /* NAN: none (ls_timeline_model_set_live_time) */
};

static void
lane_free (gpointer data)
{
  LsTimelineLane *lane = data;

  g_array_unref (lane->intervals);
  g_array_unref (lane->marks);
  g_free (lane);
}

static guint32
intern (LsTimelineModel *self, const char *text)
{
  gpointer found;
  char *copy;

  if (text == NULL || *text == '\0')
    return 0;
  found = g_hash_table_lookup (self->string_ids, text);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  copy = g_strdup (text);
  g_ptr_array_add (self->strings, copy);
  g_hash_table_insert (self->string_ids, copy, GUINT_TO_POINTER (self->strings->len));
  return self->strings->len - 1;
}

static guint32
intern_trace (LsTimelineModel *self, guint32 trace_string)
{
  return intern (self, ls_trace_get_string (self->trace, trace_string));
}

static guint32
add_lane (LsTimelineModel *self, LsLaneKind kind, guint32 id, double time, double pos)
{
  LsTimelineLane *lane = g_new0 (LsTimelineLane, 1);
  LaneRun run = { 0 };

  lane->kind = kind;
  lane->id = id;
  lane->parent = LS_TIMELINE_NO_LANE;
  lane->start_time = time;
  lane->start_pos = pos;
  lane->intervals = g_array_new (FALSE, FALSE, sizeof (LsTimelineInterval));
  lane->marks = g_array_new (FALSE, FALSE, sizeof (LsTimelineMark));
  run.slot = -1;
  run.starter = LS_TIMELINE_NO_LANE;
  g_ptr_array_add (self->lanes, lane);
  g_array_append_val (self->runs, run);
  return self->lanes->len - 1;
}

LsTimelineModel *
ls_timeline_model_new (LsTrace *trace)
{
  static guint last_id;
  LsTimelineModel *self = g_new0 (LsTimelineModel, 1);
  LsTimelineLane *loop;

  self->trace = trace;
  self->id = (guint) g_atomic_int_add ((gint *) &last_id, 1) + 1;
  self->lanes = g_ptr_array_new_with_free_func (lane_free);
  self->runs = g_array_new (FALSE, FALSE, sizeof (LaneRun));
  self->task_lanes = g_hash_table_new (NULL, NULL);
  self->thread_lanes = g_hash_table_new (NULL, NULL);
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_ptr_array_add (self->strings, g_strdup (""));
  self->arrows = g_array_new (FALSE, FALSE, sizeof (LsTimelineArrow));
  self->timeouts = g_array_new (FALSE, FALSE, sizeof (LsTimelineTimeout));
  self->timeout_index = g_hash_table_new (NULL, NULL);
  self->instants = g_array_new (FALSE, FALSE, sizeof (LsTimelineInstant));
  self->waiters = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->handles = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->timer_timeouts = g_hash_table_new (NULL, NULL);
  self->step_lane = LS_TIMELINE_NO_LANE;
  self->callback_slot = -1;
  self->thread_slot = -1;
  self->ready = g_array_new (FALSE, FALSE, sizeof (LsLoopHandle));
  self->ready_open = g_hash_table_new (NULL, NULL);
  self->timers = g_array_new (FALSE, FALSE, sizeof (LsLoopHandle));
  self->timer_open = g_hash_table_new (NULL, NULL);
  self->live_time = NAN;

  add_lane (self, LS_LANE_LOOP, 1, 0, 0);
  loop = g_ptr_array_index (self->lanes, 0);
  loop->name = intern (self, _("event loop"));
  /* Translators: the name Python gives the main thread (threading.main_thread().name). */
  loop->detail = intern (self, _("MainThread"));
  g_hash_table_insert (self->thread_lanes, GUINT_TO_POINTER (1), GUINT_TO_POINTER (1));
  return self;
}

void
ls_timeline_model_free (LsTimelineModel *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->lanes);
  g_array_unref (self->runs);
  g_hash_table_unref (self->task_lanes);
  g_hash_table_unref (self->thread_lanes);
  g_hash_table_unref (self->string_ids);
  g_ptr_array_unref (self->strings);
  g_array_unref (self->arrows);
  g_array_unref (self->timeouts);
  g_hash_table_unref (self->timeout_index);
  g_array_unref (self->instants);
  g_hash_table_unref (self->waiters);
  g_hash_table_unref (self->handles);
  g_hash_table_unref (self->timer_timeouts);
  g_array_unref (self->ready);
  g_hash_table_unref (self->ready_open);
  g_array_unref (self->timers);
  g_hash_table_unref (self->timer_open);
  g_free (self);
}

static LsTimelineLane *
lane_at (LsTimelineModel *self, guint32 index)
{
  return g_ptr_array_index (self->lanes, index);
}

static LaneRun *
run_at (LsTimelineModel *self, guint32 index)
{
  return &g_array_index (self->runs, LaneRun, index);
}

static guint32
lookup (GHashTable *table, guint32 id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, GUINT_TO_POINTER (id))) - 1;
}

/* --- slots ---------------------------------------------------------------- */

static double
open_slot (LsTimelineModel *self, double time)
{
  LsTimelineInstant *last = self->instants->len > 0
    ? &g_array_index (self->instants, LsTimelineInstant, self->instants->len - 1) : NULL;

  if (last == NULL || last->time != time)
    {
      LsTimelineInstant instant = { time, self->n_slots, 0 };

      g_array_append_val (self->instants, instant);
      last = &g_array_index (self->instants, LsTimelineInstant, self->instants->len - 1);
    }
  last->n_slots++;
  return self->n_slots++;
}

/* The pos of something that happens now, outside any slot's own marks. */
static double
here (LsTimelineModel *self)
{
  if (self->step_lane != LS_TIMELINE_NO_LANE && run_at (self, self->step_lane)->slot >= 0)
    return run_at (self, self->step_lane)->slot + 0.5;
  if (self->callback_slot >= 0)
    return self->callback_slot + 0.5;
  if (self->thread_slot >= 0)
    return self->thread_slot + 0.5;
  return self->n_slots;
}

/* Prints inside one slot are spread over it (k + 1/2, k + 3/4, …) so that
 * several prints of one step do not sit on one point. */
static double
spread (double slot, guint *count)
{
  double pos = slot + 1.0 - ldexp (1.0, -(int) MIN (*count + 1, 20));

  (*count)++;
  return pos;
}

/* A point event of the slot running now: spread over the slot when there
 * is one, else on the boundary. */
static double
point_here (LsTimelineModel *self)
{
  if (self->step_lane != LS_TIMELINE_NO_LANE && run_at (self, self->step_lane)->slot >= 0)
    {
      LaneRun *run = run_at (self, self->step_lane);
      return spread (run->slot, &run->prints_in_slot);
    }
  if (self->callback_slot >= 0)
    return spread (self->callback_slot, &self->callback_prints);
  if (self->thread_slot >= 0)
    return spread (self->thread_slot, &self->thread_prints);
  return self->n_slots;
}

/* --- intervals ------------------------------------------------------------ */

static LsTimelineInterval *
open_interval (LsTimelineLane *lane)
{
  LsTimelineInterval *last;

  if (lane->intervals->len == 0)
    return NULL;
  last = &g_array_index (lane->intervals, LsTimelineInterval, lane->intervals->len - 1);
  return (last->flags & LS_INTERVAL_OPEN) ? last : NULL;
}

/* Ends the lane's open interval at (time, pos); one that took neither time
 * nor a slot is dropped, it would only be an invisible sliver. */
static void
close_interval (LsTimelineLane *lane, double time, double pos)
{
  LsTimelineInterval *open = open_interval (lane);

  if (open == NULL)
    return;
  if (open->start_time == time && open->start_pos >= pos)
    {
      g_array_set_size (lane->intervals, lane->intervals->len - 1);
      lane->revision++;
      return;
    }
  open->end_time = time;
  open->end_pos = pos;
  open->flags &= ~LS_INTERVAL_OPEN;
}

static void
begin_interval (LsTimelineLane *lane, LsTimelineState state, double time, double pos,
                guint32 label, guint32 object, guint16 flags, gsize event)
{
  LsTimelineInterval interval = { time, time, pos, pos, label, object, state, flags | LS_INTERVAL_OPEN, (guint32) event };
  LsTimelineInterval *last;

  close_interval (lane, time, pos);
  /* the same state resuming where it stopped (the loop's step around a
   * zero-length hand-off to a thread) continues the interval before */
  last = lane->intervals->len > 0
    ? &g_array_index (lane->intervals, LsTimelineInterval, lane->intervals->len - 1) : NULL;
  if (last != NULL && last->state == state && last->label == label && last->object == object &&
      last->flags == flags && last->end_time == time && last->end_pos == pos)
    {
      last->flags |= LS_INTERVAL_OPEN;
      lane->revision++;
      return;
    }
  g_array_append_val (lane->intervals, interval);
}

static void
add_mark (LsTimelineModel *self, guint32 lane, LsMarkKind kind, double time, double pos,
          guint32 text, guint32 line, gsize event)
{
  LsTimelineMark mark = { time, pos, text, line, (guint32) event, kind, 0 };

  if (lane == LS_TIMELINE_NO_LANE)
    return;
  g_array_append_val (lane_at (self, lane)->marks, mark);
}

static void
add_arrow (LsTimelineModel *self, LsArrowKind kind, const Source *from, guint32 to_lane,
           double time, double pos, gsize event)
{
  LsTimelineArrow arrow = { from->time, from->pos, time, pos, from->lane, to_lane, kind, (guint32) event };

  if (!from->valid || from->lane == LS_TIMELINE_NO_LANE || from->lane == to_lane)
    return;
  g_array_append_val (self->arrows, arrow);
}

/* --- lanes ---------------------------------------------------------------- */

static gboolean
is_internal_coroutine (const char *name)
{
  /* asyncio.run's own tasks: shutdown_asyncgens, shutdown_default_executor */
  return g_str_has_prefix (name, "BaseEventLoop.");
}

static guint32
task_lane (LsTimelineModel *self, guint32 task_id, double time, gsize event)
{
  guint32 lane = lookup (self->task_lanes, task_id);

  if (lane == LS_TIMELINE_NO_LANE && task_id != 0)
    {
      /* a step of a task whose creation the trace did not see */
      lane = add_lane (self, LS_LANE_TASK, task_id, time, here (self));
      self->n_tasks++;
      self->n_user_tasks++;
      lane_at (self, lane)->name = intern (self, ls_trace_get_entity_name (self->trace, task_id));
      g_hash_table_insert (self->task_lanes, GUINT_TO_POINTER (task_id), GUINT_TO_POINTER (lane + 1));
    }
  return lane;
}

static guint32
thread_lane (LsTimelineModel *self, guint32 thread_id)
{
  return lookup (self->thread_lanes, thread_id);
}

static gboolean
lane_is_internal (LsTimelineModel *self, guint32 lane)
{
  return lane != LS_TIMELINE_NO_LANE && lane_at (self, lane)->internal;
}

/* Where the current record comes from, as a lane and a point. */
static Source
source_here (LsTimelineModel *self, const LsTraceEvent *e)
{
  Source source = { LS_TIMELINE_LOOP_LANE, e->time, here (self), TRUE };

  if (e->thread > 1)
    source.lane = thread_lane (self, e->thread);
  else if (self->step_lane != LS_TIMELINE_NO_LANE)
    source.lane = self->step_lane;
  else if (self->callback != 0 && self->callback_info.cause.valid && self->callback_slot < 0)
    source = self->callback_info.cause;
  source.valid = source.lane != LS_TIMELINE_NO_LANE;
  return source;
}

/* A loop callback that does something worth seeing gets a slot of its own
 * on the loop lane, opened when it first does so. */
static void
ensure_callback_slot (LsTimelineModel *self, double time, gsize event)
{
  if (self->callback == 0 || self->callback_slot >= 0 || self->step_lane != LS_TIMELINE_NO_LANE)
    return;
  self->callback_slot = open_slot (self, time);
  self->callback_prints = 0;
  begin_interval (lane_at (self, LS_TIMELINE_LOOP_LANE), LS_STATE_RUNNING, time, self->callback_slot,
                  self->callback_info.name, 0, LS_INTERVAL_CALLBACK, event);
}

/* --- the ready queue and the timer heap ------------------------------------ */

static LsTimelineTimeout *timeout_for (LsTimelineModel *self, guint32 id);

static LsLoopHandle *
take_open (GArray *entries, GHashTable *open, guint32 handle)
{
  guint32 index = lookup (open, handle);

  if (index == G_MAXUINT32)
    return NULL;
  g_hash_table_remove (open, GUINT_TO_POINTER (handle));
  return &g_array_index (entries, LsLoopHandle, index);
}

/* The lane that queues or arms something now: a task's step, a worker
 * thread, else the loop itself. */
static guint32
owner_here (LsTimelineModel *self, const LsTraceEvent *e)
{
  if (e->thread > 1)
    return thread_lane (self, e->thread);
  return self->step_lane;
}

static void
arm_timer (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  LsLoopHandle timer = { 0 };
  LsTimelineTimeout *timeout = e->object != 0 ? timeout_for (self, e->object) : NULL;
  LsTraceEvent creation;

  timer.handle = e->subject;
  timer.name = intern_trace (self, e->arg);
  timer.owner = owner_here (self, e);
  timer.begin = (guint32) index;
  timer.end = G_MAXUINT32;
  timer.when = ls_trace_event_get_when (e);
  /* the record holds a deadline where others hold a line: the line is on
   * the future's creation just before (asyncio.sleep) or the timeout's */
  if (self->last_future != 0 && self->last_future_record + 1 == index &&
      ls_trace_get_event (self->trace, index - 1, &creation))
    timer.line = ls_trace_event_get_line (&creation);
  self->sleep_timer = 0;
  if (timeout != NULL && timeout->id == e->object)
    {
      timer.line = timeout->line;
      /* asyncio.timeout's (and wait_for's) deadline: its target is the
       * Timeout object, which the trace ties to the task it guards */
      timer.what = intern (self, _("timeout"));
      timer.task = lane_at (self, timeout->lane)->id;
    }
  else if (e->object != 0)
    timer.task = e->object;   /* a bound method: a task's, or some object's */
  else if (self->last_future != 0 && self->last_future_record + 1 == index &&
           self->step_lane != LS_TIMELINE_NO_LANE)
    {
      /* asyncio.sleep creates its future, then arms the timer that will
       * complete it; whether the step then awaits that very future says
       * which sleep the timer is (name_sleep_timer) */
      self->sleep_timer = self->timers->len + 1;
      self->sleep_future = self->last_future;
    }
  g_array_append_val (self->timers, timer);
  g_hash_table_insert (self->timer_open, GUINT_TO_POINTER (e->subject), GUINT_TO_POINTER (self->timers->len));
}

static void
name_sleep_timer (LsTimelineModel *self, const LsTraceEvent *e)
{
  LsLoopHandle *timer;

  if (self->sleep_timer == 0)
    return;
  timer = &g_array_index (self->timers, LsLoopHandle, self->sleep_timer - 1);
  if (e->arg == LS_TRACE_OUTCOME_AWAIT && e->object == self->sleep_future &&
      timer->owner == lookup (self->task_lanes, e->subject))
    {
      timer->what = intern_trace (self, e->text);
      timer->task = e->subject;
    }
  self->sleep_timer = 0;
}

static void
queue_ready (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  LsLoopHandle entry = { 0 };
  LsLoopHandle *timer = take_open (self->timers, self->timer_open, e->subject);

  if (timer != NULL)
    {
      /* a due timer moved to the ready queue: still the same callback */
      timer->end = (guint32) index;
      entry = *timer;
    }
  else
    {
      entry.handle = e->subject;
      entry.name = intern_trace (self, e->text);
      entry.task = e->object;
      entry.owner = owner_here (self, e);
    }
  entry.begin = (guint32) index;
  entry.end = G_MAXUINT32;
  entry.when = e->time;
  g_array_append_val (self->ready, entry);
  g_hash_table_replace (self->ready_open, GUINT_TO_POINTER (e->subject), GUINT_TO_POINTER (self->ready->len));
}

/* The loop runs its ready queue first in, first out.  A cancelled handle
 * is popped and skipped without a record, so when one runs, every entry
 * queued before it has left the queue too. */
static void
leave_ready (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 found = lookup (self->ready_open, e->subject);

  if (found == G_MAXUINT32)
    return;
  for (guint i = self->ready_head; i <= found; i++)
    {
      LsLoopHandle *entry = &g_array_index (self->ready, LsLoopHandle, i);

      if (entry->end == G_MAXUINT32)
        {
          entry->end = (guint32) index;
          g_hash_table_remove (self->ready_open, GUINT_TO_POINTER (entry->handle));
        }
    }
  self->ready_head = found + 1;
}

/* --- records -------------------------------------------------------------- */

static void
on_task_created (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 parent = e->object != 0 ? lookup (self->task_lanes, e->object) : LS_TIMELINE_NO_LANE;
  const char *coro = ls_trace_get_string (self->trace, e->arg);
  g_autofree char *detail = *coro != '\0' ? g_strdup_printf ("%s()", coro) : NULL;
  LsTimelineLane *lane;
  guint32 index_lane;
  LaneRun *run;

  ensure_callback_slot (self, e->time, index);
  index_lane = add_lane (self, LS_LANE_TASK, e->subject, e->time, here (self));
  lane = lane_at (self, index_lane);
  lane->name = intern_trace (self, e->text);
  lane->detail = intern (self, detail);
  lane->line = e->line;
  lane->parent = parent;
  lane->depth = parent != LS_TIMELINE_NO_LANE ? lane_at (self, parent)->depth + 1 : 0;
  lane->internal = is_internal_coroutine (coro) || lane_is_internal (self, parent) ||
                   lane_is_internal (self, self->step_lane);
  self->n_tasks++;
  self->n_user_tasks += lane->internal ? 0 : 1;
  g_hash_table_insert (self->task_lanes, GUINT_TO_POINTER (e->subject), GUINT_TO_POINTER (index_lane + 1));
  begin_interval (lane, LS_STATE_SCHEDULED, e->time, here (self), 0, 0, 0, index);
  run = run_at (self, index_lane);
  run->pending_create = source_here (self, e);
  if (parent != LS_TIMELINE_NO_LANE)
    run->pending_create.lane = parent;
}

static void
on_step_start (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 lane = task_lane (self, e->subject, e->time, index);
  LsTimelineLane *task = lane_at (self, lane);
  LaneRun *run = run_at (self, lane);
  double slot;

  /* internal tasks take no slot: asyncio.run's shutdown stays one instant */
  slot = task->internal ? self->n_slots : open_slot (self, e->time);
  begin_interval (task, LS_STATE_RUNNING, e->time, slot, 0, 0, 0, index);
  if (!task->internal)
    begin_interval (lane_at (self, LS_TIMELINE_LOOP_LANE), LS_STATE_RUNNING, e->time, slot,
                    task->name, lane, 0, index);
  add_arrow (self, LS_ARROW_CREATE, &run->pending_create, lane, e->time, slot, index);
  add_arrow (self, LS_ARROW_WAKE, &run->pending_wake, lane, e->time, slot, index);
  run->pending_create.valid = FALSE;
  run->pending_wake.valid = FALSE;
  run->waiting_on = 0;
  run->slot = task->internal ? -1 : slot;
  run->prints_in_slot = 0;
  self->step_lane = lane;
}

static void
add_waiter (LsTimelineModel *self, guint32 future, guint32 lane)
{
  GArray *list = g_hash_table_lookup (self->waiters, GUINT_TO_POINTER (future));

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_hash_table_insert (self->waiters, GUINT_TO_POINTER (future), list);
    }
  g_array_append_val (list, lane);
}

static void
on_step_end (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 lane = task_lane (self, e->subject, e->time, index);
  LsTimelineLane *task = lane_at (self, lane);
  LaneRun *run = run_at (self, lane);
  double pos = run->slot >= 0 ? run->slot + 1 : self->n_slots;
  guint32 label = intern_trace (self, e->text);

  switch ((LsTraceOutcome) e->arg)
    {
    case LS_TRACE_OUTCOME_AWAIT:
      begin_interval (task, LS_STATE_WAITING, e->time, pos, label, e->object, 0, index);
      run->waiting_on = e->object;
      if (e->object != 0)
        add_waiter (self, e->object, lane);
      break;
    case LS_TRACE_OUTCOME_YIELD:
      begin_interval (task, LS_STATE_SCHEDULED, e->time, pos, intern (self, _("sleep(0)")), 0, 0, index);
      break;
    case LS_TRACE_OUTCOME_RETURN:
      begin_interval (task, LS_STATE_DONE, e->time, pos, 0, 0, 0, index);
      break;
    case LS_TRACE_OUTCOME_CANCELLED:
      begin_interval (task, LS_STATE_CANCELLED, e->time, pos, 0, 0, 0, index);
      break;
    case LS_TRACE_OUTCOME_RAISE:
    default:
      begin_interval (task, LS_STATE_FAILED, e->time, pos, label, 0, 0, index);
      break;
    }
  if (e->arg >= LS_TRACE_OUTCOME_RETURN)
    run->pending_cancel.valid = FALSE;
  if (!task->internal && run->slot >= 0)
    close_interval (lane_at (self, LS_TIMELINE_LOOP_LANE), e->time, pos);
  run->slot = -1;
  self->step_lane = LS_TIMELINE_NO_LANE;
}

static void
on_future_done (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 done_task = lookup (self->task_lanes, e->subject);
  Source source = source_here (self, e);
  GArray *list;

  if (done_task != LS_TIMELINE_NO_LANE)
    {
      /* a task completes itself, at the end of its last step */
      source.lane = done_task;
      source.valid = TRUE;
    }
  self->last_done = source;
  list = g_hash_table_lookup (self->waiters, GUINT_TO_POINTER (e->subject));
  if (list == NULL)
    return;
  for (guint i = 0; i < list->len; i++)
    {
      guint32 lane = g_array_index (list, guint32, i);
      LaneRun *run = run_at (self, lane);

      if (run->waiting_on != e->subject)
        continue;
      run->pending_wake = source;
      run->waiting_on = 0;
      /* woken: in the ready queue until its step starts */
      begin_interval (lane_at (self, lane), LS_STATE_SCHEDULED, e->time, here (self), 0, 0, 0, index);
    }
  g_hash_table_remove (self->waiters, GUINT_TO_POINTER (e->subject));
}

static void
on_callback_scheduled (LsTimelineModel *self, const LsTraceEvent *e, const LsTraceEvent *previous)
{
  HandleInfo *info = g_new0 (HandleInfo, 1);

  /* done callbacks are scheduled right after the completion that caused them */
  if (previous != NULL && (previous->kind == LS_TRACE_FUTURE_DONE ||
                           previous->kind == LS_TRACE_CALLBACK_SCHEDULED) && self->last_done.valid)
    info->cause = self->last_done;
  else
    info->cause = source_here (self, e);
  info->name = intern_trace (self, e->text);
  info->timeout = GPOINTER_TO_UINT (g_hash_table_lookup (self->timer_timeouts, GUINT_TO_POINTER (e->subject)));
  g_hash_table_replace (self->handles, GUINT_TO_POINTER (e->subject), info);
}

static void
on_callback_run (LsTimelineModel *self, const LsTraceEvent *e)
{
  HandleInfo *info = g_hash_table_lookup (self->handles, GUINT_TO_POINTER (e->subject));

  self->callback = e->subject;
  if (info != NULL)
    self->callback_info = *info;
  else
    memset (&self->callback_info, 0, sizeof self->callback_info);
  self->callback_slot = -1;
}

static void
on_callback_done (LsTimelineModel *self, const LsTraceEvent *e)
{
  if (self->callback_slot >= 0)
    close_interval (lane_at (self, LS_TIMELINE_LOOP_LANE), e->time, self->callback_slot + 1);
  self->callback = 0;
  self->callback_slot = -1;
  g_hash_table_remove (self->handles, GUINT_TO_POINTER (e->subject));
}

static LsTimelineTimeout *
timeout_for (LsTimelineModel *self, guint32 id)
{
  guint32 index = lookup (self->timeout_index, id);

  return index != G_MAXUINT32 ? &g_array_index (self->timeouts, LsTimelineTimeout, index) : NULL;
}

static void
end_timeout (LsTimelineTimeout *timeout, LsTimeoutState state, double time, double pos)
{
  if (timeout == NULL || timeout->state != LS_TIMEOUT_PENDING)
    return;
  timeout->state = state;
  timeout->end_time = time;
  timeout->end_pos = pos;
}

static void
on_timeout_armed (LsTimelineModel *self, const LsTraceEvent *e)
{
  LsTimelineTimeout timeout = { 0 };
  guint32 lane = lookup (self->task_lanes, e->object);

  end_timeout (timeout_for (self, e->subject), LS_TIMEOUT_RESCHEDULED, e->time, here (self));
  if (lane == LS_TIMELINE_NO_LANE)
    return;
  timeout.lane = lane;
  timeout.state = LS_TIMEOUT_PENDING;
  timeout.armed_time = e->time;
  timeout.armed_pos = here (self);
  timeout.deadline = e->arg != 0 ? ls_trace_get_number (self->trace, e->arg) : -1;
  timeout.end_time = timeout.deadline;
  timeout.end_pos = -1;
  timeout.line = e->line;
  timeout.id = e->subject;
  g_array_append_val (self->timeouts, timeout);
  g_hash_table_insert (self->timeout_index, GUINT_TO_POINTER (e->subject), GUINT_TO_POINTER (self->timeouts->len));
  if (timeout.deadline < 0)
    end_timeout (&g_array_index (self->timeouts, LsTimelineTimeout, self->timeouts->len - 1),
                 LS_TIMEOUT_DISARMED, e->time, here (self));
}

static void
on_timeout_expired (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  LsTimelineTimeout *timeout = timeout_for (self, e->subject);

  ensure_callback_slot (self, e->time, index);
  if (timeout == NULL)
    return;
  end_timeout (timeout, LS_TIMEOUT_EXPIRED, e->time, here (self));
  add_mark (self, timeout->lane, LS_MARK_TIMEOUT_EXPIRED, e->time, here (self), intern (self, _("timeout expired")),
            timeout->line, index);
}

static void
on_cancel_requested (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 target = lookup (self->task_lanes, e->subject);
  Source from;
  g_autofree char *text = NULL;
  const char *message;

  if (target == LS_TIMELINE_NO_LANE)
    return;   /* a plain future: its waiter gets the CancelledError, drawn there */
  ensure_callback_slot (self, e->time, index);
  from = source_here (self, e);
  from.pos = point_here (self);
  message = ls_trace_get_string (self->trace, e->text);
  /* Translators: a mark: cancel() called with a message */
  text = *message != '\0' ? g_strdup_printf (_("cancel(%s)"), message)
         /* Translators: a mark: cancel() called on a task, "cancel Task-2" */
         : g_strdup_printf (_("cancel %s"), ls_timeline_model_get_string (self, lane_at (self, target)->name));
  add_mark (self, from.lane, LS_MARK_CANCEL_REQUESTED, e->time, from.pos, intern (self, text), e->line, index);
  run_at (self, target)->pending_cancel = from;
}

static void
on_cancel_delivered (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 lane = task_lane (self, e->subject, e->time, index);
  LaneRun *run = run_at (self, lane);
  double pos = point_here (self);
  g_autofree char *text = e->line != 0 ? g_strdup_printf (_("CancelledError at line %u"), e->line)
                                       : g_strdup ("CancelledError");

  add_mark (self, lane, LS_MARK_CANCEL_DELIVERED, e->time, pos, intern (self, text), e->line, index);
  add_arrow (self, LS_ARROW_CANCEL, &run->pending_cancel, lane, e->time, pos, index);
  run->pending_cancel.valid = FALSE;
}

static void
on_thread_event (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 lane = thread_lane (self, e->subject);
  LsTimelineLane *thread;

  if (e->kind == LS_TRACE_THREAD_STARTED && lane == LS_TIMELINE_NO_LANE)
    {
      lane = add_lane (self, LS_LANE_THREAD, e->subject, e->time, here (self));
      thread = lane_at (self, lane);
      thread->name = intern_trace (self, e->text);
      thread->detail = intern (self, _("worker thread"));
      run_at (self, lane)->starter = self->step_lane;
      thread->internal = lane_is_internal (self, self->step_lane);
      g_hash_table_insert (self->thread_lanes, GUINT_TO_POINTER (e->subject), GUINT_TO_POINTER (lane + 1));
      begin_interval (thread, LS_STATE_RUNNING, e->time, here (self), 0, 0, 0, index);
      return;
    }
  if (lane == LS_TIMELINE_NO_LANE)
    return;
  thread = lane_at (self, lane);
  switch ((LsTraceKind) e->kind)
    {
    case LS_TRACE_THREAD_BLOCKED:
      {
        double deadline = ls_trace_event_get_when (e);
        g_autofree char *label = NULL;
        LsTimelineState state = LS_STATE_BLOCKED;
        guint16 flags = 0;

        if (e->arg == LS_TRACE_BLOCK_LOOP_IDLE)
          {
            state = LS_STATE_IDLE;
            label = g_strdup (_("idle"));
          }
        else if (e->arg == LS_TRACE_BLOCK_SLEEP)
          {
            g_autofree char *seconds = g_strdup_printf ("%g", deadline >= 0 ? deadline - e->time : 0);

            label = g_strdup_printf ("time.sleep(%s)", seconds);   /* Python: not translated */
            if (lane == LS_TIMELINE_LOOP_LANE)
              flags |= LS_INTERVAL_LOOP_SLEEP;
          }
        else
          /* Translators: a worker thread blocked on a lock, a condition, a join or its work queue */
          label = g_strdup (_("waiting"));
        if (self->thread_slot >= 0 && self->thread_slot_lane == lane)
          {
            close_interval (thread, e->time, self->thread_slot + 1);
            self->thread_slot = -1;
          }
        begin_interval (thread, state, e->time, here (self), intern (self, label), 0, flags, index);
      }
      break;
    case LS_TRACE_THREAD_RESUMED:
      close_interval (thread, e->time, here (self));
      if (lane != LS_TIMELINE_LOOP_LANE)
        begin_interval (thread, LS_STATE_RUNNING, e->time, here (self), 0, 0, 0, index);
      else if (self->step_lane != LS_TIMELINE_NO_LANE && !lane_is_internal (self, self->step_lane))
        begin_interval (thread, LS_STATE_RUNNING, e->time, here (self), lane_at (self, self->step_lane)->name,
                        self->step_lane, 0, index);
      else if (self->callback_slot >= 0)
        begin_interval (thread, LS_STATE_RUNNING, e->time, here (self), self->callback_info.name, 0,
                        LS_INTERVAL_CALLBACK, index);
      break;
    case LS_TRACE_THREAD_FINISHED:
      if (self->thread_slot >= 0 && self->thread_slot_lane == lane)
        {
          close_interval (thread, e->time, self->thread_slot + 1);
          self->thread_slot = -1;
        }
      begin_interval (thread, LS_STATE_DONE, e->time, here (self), 0, 0, 0, index);
      break;
    default:
      break;
    }
}

static void
on_output (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 lane;
  double pos;

  if (e->thread > 1)
    {
      lane = thread_lane (self, e->thread);
      /* a worker thread printing while the loop is between slots gets a
       * slot of its own, so its prints are ordered with the loop's */
      if (lane != LS_TIMELINE_NO_LANE && self->step_lane == LS_TIMELINE_NO_LANE && self->callback_slot < 0 &&
          self->thread_slot < 0 && !lane_is_internal (self, lane))
        {
          self->thread_slot = open_slot (self, e->time);
          self->thread_slot_lane = lane;
          self->thread_prints = 0;
          begin_interval (lane_at (self, lane), LS_STATE_RUNNING, e->time, self->thread_slot, 0, 0, 0, index);
        }
      pos = self->thread_slot >= 0 && self->thread_slot_lane == lane ? spread (self->thread_slot, &self->thread_prints)
            : here (self);
    }
  else if (e->object != 0 && self->step_lane != LS_TIMELINE_NO_LANE)
    {
      LaneRun *run;

      lane = self->step_lane;
      run = run_at (self, lane);
      pos = run->slot >= 0 ? spread (run->slot, &run->prints_in_slot) : here (self);
    }
  else
    {
      lane = LS_TIMELINE_LOOP_LANE;
      ensure_callback_slot (self, e->time, index);
      pos = self->callback_slot >= 0 ? spread (self->callback_slot, &self->callback_prints) : here (self);
    }
  add_mark (self, lane, LS_MARK_PRINT, e->time, pos, intern_trace (self, e->text), e->line, index);
}

static void
on_shield_absorbed (LsTimelineModel *self, const LsTraceEvent *e, gsize index)
{
  guint32 inner = lookup (self->task_lanes, e->object);

  add_mark (self, inner != LS_TIMELINE_NO_LANE ? inner : LS_TIMELINE_LOOP_LANE, LS_MARK_SHIELD, e->time,
            here (self), intern (self, _("shield absorbed the cancellation")), e->line, index);
}

static void
read_event (LsTimelineModel *self, const LsTraceEvent *e, const LsTraceEvent *previous, gsize index)
{
  if (e->time > self->end_time)
    self->end_time = e->time;
  if (e->kind != LS_TRACE_FUTURE_DONE && e->kind != LS_TRACE_CALLBACK_SCHEDULED)
    self->last_done.valid = FALSE;

  switch ((LsTraceKind) e->kind)
    {
    case LS_TRACE_TASK_CREATED:
      on_task_created (self, e, index);
      break;
    case LS_TRACE_STEP_START:
      on_step_start (self, e, index);
      break;
    case LS_TRACE_STEP_END:
      name_sleep_timer (self, e);
      on_step_end (self, e, index);
      break;
    case LS_TRACE_FUTURE_DONE:
      on_future_done (self, e, index);
      break;
    case LS_TRACE_CALLBACK_SCHEDULED:
      on_callback_scheduled (self, e, previous);
      queue_ready (self, e, index);
      break;
    case LS_TRACE_CALLBACK_RUN:
      on_callback_run (self, e);
      leave_ready (self, e, index);
      break;
    case LS_TRACE_CALLBACK_DONE:
      on_callback_done (self, e);
      break;
    case LS_TRACE_TIMER_ARMED:
      if (e->object != 0 && g_hash_table_contains (self->timeout_index, GUINT_TO_POINTER (e->object)))
        g_hash_table_insert (self->timer_timeouts, GUINT_TO_POINTER (e->subject), GUINT_TO_POINTER (e->object));
      arm_timer (self, e, index);
      break;
    case LS_TRACE_TIMER_CANCELLED:
      {
        LsLoopHandle *timer = take_open (self->timers, self->timer_open, e->subject);

        if (timer != NULL)
          timer->end = (guint32) index;
      }
      {
        guint32 timeout = GPOINTER_TO_UINT (g_hash_table_lookup (self->timer_timeouts, GUINT_TO_POINTER (e->subject)));

        if (timeout != 0)
          {
            end_timeout (timeout_for (self, timeout), LS_TIMEOUT_DISARMED, e->time, here (self));
            g_hash_table_remove (self->timer_timeouts, GUINT_TO_POINTER (e->subject));
          }
      }
      break;
    case LS_TRACE_TIMEOUT_ARMED:
    case LS_TRACE_TIMEOUT_RESCHEDULED:
      on_timeout_armed (self, e);
      break;
    case LS_TRACE_TIMEOUT_EXPIRED:
      on_timeout_expired (self, e, index);
      break;
    case LS_TRACE_CANCEL_REQUESTED:
      on_cancel_requested (self, e, index);
      break;
    case LS_TRACE_CANCEL_DELIVERED:
      on_cancel_delivered (self, e, index);
      break;
    case LS_TRACE_SHIELD_ABSORBED:
      on_shield_absorbed (self, e, index);
      break;
    case LS_TRACE_THREAD_STARTED:
    case LS_TRACE_THREAD_BLOCKED:
    case LS_TRACE_THREAD_RESUMED:
    case LS_TRACE_THREAD_FINISHED:
      on_thread_event (self, e, index);
      break;
    case LS_TRACE_OUTPUT:
      on_output (self, e, index);
      break;
    case LS_TRACE_UNCAUGHT:
      add_mark (self, LS_TIMELINE_LOOP_LANE, LS_MARK_ERROR, e->time, here (self), intern_trace (self, e->text),
                e->line, index);
      break;
    case LS_TRACE_FUTURE_CREATED:
      self->last_future = e->subject;
      self->last_future_record = index;
      break;
    case LS_TRACE_GATHER_CREATED:
    case LS_TRACE_N_KINDS:
    default:
      break;
    }
}

gboolean
ls_timeline_model_update (LsTimelineModel *self)
{
  gsize n = ls_trace_get_n_events (self->trace);
  gsize first = self->n_read;
  LsTraceEvent event, previous;
  gboolean has_previous = first > 0 && ls_trace_get_event (self->trace, first - 1, &previous);

  /* forward, so each record costs one decoding (ls-trace.h) */
  for (gsize i = first; i < n && ls_trace_get_event (self->trace, i, &event); i++)
    {
      read_event (self, &event, has_previous ? &previous : NULL, i);
      previous = event;
      has_previous = TRUE;
    }
  self->n_read = n;
  return n > first;
}

/* --- queries -------------------------------------------------------------- */

LsTrace *
ls_timeline_model_get_trace (LsTimelineModel *self)
{
  return self->trace;
}

guint
ls_timeline_model_get_id (LsTimelineModel *self)
{
  return self->id;
}

gsize
ls_timeline_model_get_n_records (LsTimelineModel *self)
{
  return self->n_read;
}

guint
ls_timeline_model_get_n_lanes (LsTimelineModel *self)
{
  return self->lanes->len;
}

const LsTimelineLane *
ls_timeline_model_get_lane (LsTimelineModel *self,
                            guint            index)
{
  g_return_val_if_fail (index < self->lanes->len, NULL);
  return g_ptr_array_index (self->lanes, index);
}

guint
ls_timeline_model_lane_for_task (LsTimelineModel *self,
                                 guint32          task_id)
{
  return lookup (self->task_lanes, task_id);
}

guint
ls_timeline_model_lane_for_thread (LsTimelineModel *self,
                                   guint32          thread_id)
{
  return lookup (self->thread_lanes, thread_id);
}

const char *
ls_timeline_model_get_string (LsTimelineModel *self,
                              guint32          index)
{
  return index < self->strings->len ? g_ptr_array_index (self->strings, index) : "";
}

const GArray *
ls_timeline_model_get_arrows (LsTimelineModel *self)
{
  return self->arrows;
}

const GArray *
ls_timeline_model_get_timeouts (LsTimelineModel *self)
{
  return self->timeouts;
}

const GArray *
ls_timeline_model_get_instants (LsTimelineModel *self)
{
  return self->instants;
}

double
ls_timeline_model_get_end_time (LsTimelineModel *self)
{
  /* isnan: the comparison is false, the last record's time stands */
  return self->live_time > self->end_time ? self->live_time : self->end_time;
}

double
ls_timeline_model_get_end_pos (LsTimelineModel *self)
{
  return self->n_slots;
}

guint
ls_timeline_model_get_n_tasks (LsTimelineModel *self,
                               gboolean         with_internal)
{
  return with_internal ? self->n_tasks : self->n_user_tasks;
}

double
ls_timeline_model_pos_at_time (LsTimelineModel *self,
                               double           time)
{
  guint lo = 0, hi = self->instants->len;

  /* first instant with time >= `time` */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->instants, LsTimelineInstant, mid).time < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < self->instants->len ? g_array_index (self->instants, LsTimelineInstant, lo).first_slot : self->n_slots;
}

static gboolean
point_before (double t1, double p1, double t2, double p2)
{
  return t1 < t2 || (t1 == t2 && p1 < p2);
}

const LsTimelineInterval *
ls_timeline_model_interval_at (LsTimelineModel    *self,
                               guint               lane_index,
                               double              time,
                               double              pos,
                               LsTimelineInterval *open_copy)
{
  const LsTimelineLane *lane;
  const LsTimelineInterval *found;
  guint lo = 0, hi;

  g_return_val_if_fail (lane_index < self->lanes->len, NULL);
  lane = g_ptr_array_index (self->lanes, lane_index);
  hi = lane->intervals->len;
  /* last interval that starts at or before the point */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const LsTimelineInterval *iv = &g_array_index (lane->intervals, LsTimelineInterval, mid);

      if (point_before (time, pos, iv->start_time, iv->start_pos))
        hi = mid;
      else
        lo = mid + 1;
    }
  if (lo == 0)
    return NULL;
  found = &g_array_index (lane->intervals, LsTimelineInterval, lo - 1);
  if (found->flags & LS_INTERVAL_OPEN)
    {
      if (open_copy == NULL)
        return found;
      *open_copy = *found;
      open_copy->end_time = MAX (ls_timeline_model_get_end_time (self), found->start_time);
      open_copy->end_pos = MAX ((double) self->n_slots, found->start_pos);
      return open_copy;
    }
  if (point_before (found->end_time, found->end_pos, time, pos) ||
      (found->end_time == time && found->end_pos == pos && found->state != LS_STATE_DONE))
    return NULL;   /* in a gap between intervals */
  return found;
}

LsTimelineState
ls_timeline_model_state_at (LsTimelineModel  *self,
                            guint             lane_index,
                            double            t,
                            const char      **label)
{
  const LsTimelineLane *lane;
  const LsTimelineInterval *found = NULL;
  guint lo = 0, hi;

  g_return_val_if_fail (lane_index < self->lanes->len, LS_N_STATES);
  lane = g_ptr_array_index (self->lanes, lane_index);
  hi = lane->intervals->len;
  /* last interval that starts at or before instant t */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (lane->intervals, LsTimelineInterval, mid).start_time <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0)
    found = &g_array_index (lane->intervals, LsTimelineInterval, lo - 1);
  if (label != NULL)
    *label = found != NULL ? ls_timeline_model_get_string (self, found->label) : NULL;
  if (found == NULL)
    return LS_N_STATES;
  /* a closed interval that ended at or before t and had no successor: a gap
   * (the loop between steps) reads as idle */
  if (!(found->flags & LS_INTERVAL_OPEN) && found->end_time <= t && found->state == LS_STATE_RUNNING)
    return lane->kind == LS_LANE_LOOP ? LS_STATE_IDLE : LS_STATE_RUNNING;
  return found->state;
}

/* --- the loop at an instant ------------------------------------------------ */

static double
record_time (LsTimelineModel *self,
             gsize            index)
{
  LsTraceEvent event;

  return ls_trace_get_event (self->trace, index, &event) ? event.time : INFINITY;
}

gsize
ls_timeline_model_records_until (LsTimelineModel *self,
                                 double           time)
{
  gsize lo = 0, hi = self->n_read;

  /* records are in time order: the first one later than `time` */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (record_time (self, mid) <= time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gsize
ls_timeline_model_records_before_run (LsTimelineModel *self,
                                      double           time)
{
  gsize lo = 0, hi = self->n_read;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (record_time (self, mid) < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (gsize i = lo; i < self->n_read; i++)
    {
      LsTraceEvent e;

      if (!ls_trace_get_event (self->trace, i, &e) || e.time != time)
        break;
      if (e.kind == LS_TRACE_CALLBACK_RUN)
        return i;
    }
  return ls_timeline_model_records_until (self, time);
}

GArray *
ls_timeline_model_dup_ready_queue (LsTimelineModel *self,
                                   gsize            n_records)
{
  GArray *queue = g_array_new (FALSE, FALSE, sizeof (LsLoopHandle));
  guint lo = 0, hi = self->ready->len, first;

  /* Entries leave in the order they came (leave_ready), so both their
   * begins and their ends grow along the array: the entries queued at
   * n_records are one run of it. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->ready, LsLoopHandle, mid).end < n_records)
        lo = mid + 1;
      else
        hi = mid;
    }
  first = lo;
  for (guint i = first; i < self->ready->len; i++)
    {
      const LsLoopHandle *entry = &g_array_index (self->ready, LsLoopHandle, i);

      if (entry->begin >= n_records)
        break;
      g_array_append_val (queue, *entry);
    }
  return queue;
}

static int
compare_timers (gconstpointer a,
                gconstpointer b)
{
  const LsLoopHandle *x = a, *y = b;

  if (x->when != y->when)
    return x->when < y->when ? -1 : 1;
  return x->begin < y->begin ? -1 : x->begin > y->begin;
}

GArray *
ls_timeline_model_dup_timers (LsTimelineModel *self,
                              gsize            n_records)
{
  GArray *heap = g_array_new (FALSE, FALSE, sizeof (LsLoopHandle));

  for (guint i = 0; i < self->timers->len; i++)
    {
      const LsLoopHandle *timer = &g_array_index (self->timers, LsLoopHandle, i);

      if (timer->begin >= n_records)
        break;   /* armed in order */
      if (timer->end >= n_records)
        g_array_append_val (heap, *timer);
    }
  g_array_sort (heap, compare_timers);
  return heap;
}

guint
ls_timeline_model_get_thread_starter (LsTimelineModel *self,
                                      guint            lane)
{
  g_return_val_if_fail (lane < self->lanes->len, LS_TIMELINE_NO_LANE);
  return run_at (self, lane)->starter;
}

void
ls_timeline_model_set_live_time (LsTimelineModel *self,
                                 double           time)
{
  self->live_time = time;
}

const char *
ls_timeline_state_name (LsTimelineState state)
{
  static const char *const names[] = {
    "scheduled", "running", "waiting", "done", "failed", "cancelled", "blocked", "idle",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == LS_N_STATES);
  return (guint) state < LS_N_STATES ? names[state] : "none";
}
