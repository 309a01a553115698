/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-synth-trace.c — synthetic traces (see the header).
 *
 * The fan-out trace comes from a small event loop of its own: a ready
 * FIFO, a timer heap ordered by (deadline, arming order), and tasks that
 * are state machines rather than coroutines.  It records what
 * engine/lib/asyncio records for the same program, in the same order:
 * a callback is scheduled, run and done; a sleep is a future plus a timer
 * whose callback completes it and schedules the task's wake-up; the loop
 * blocks idle between instants; a cancellation is requested on the task
 * and its awaited future, delivered at the next step, and disarms the
 * timers involved.
 */
#define G_LOG_DOMAIN "loopscope-bench"

#include "config.h"

#include "ls-synth-trace.h"

/* --- the busy trace ---------------------------------------------------------- */

static void
add (LsTrace *trace, double time, LsTraceKind kind, guint32 subject, guint32 object, guint32 arg, guint32 text)
{
  LsTraceEvent event = { time, kind, 1, subject, object, arg, text, 0 };

  ls_trace_append (trace, &event);
}

LsTrace *
ls_synth_trace_busy (guint n_tasks,
                     guint n_steps)
{
  LsTrace *trace = ls_trace_new ();
  guint32 sleep = ls_trace_intern (trace, "sleep(0.001)");
  guint32 hello = ls_trace_intern (trace, "tick");
  guint32 coro = ls_trace_intern (trace, "worker");

  for (guint t = 0; t < n_tasks; t++)
    {
      g_autofree char *name = g_strdup_printf ("Task-%u", t + 1);

      add (trace, 0, LS_TRACE_TASK_CREATED, 10 + t, 0, coro, ls_trace_intern (trace, name));
    }
  for (guint s = 0; s < n_steps; s++)
    for (guint t = 0; t < n_tasks; t++)
      {
        LsTraceEvent print = { s * 0.001, LS_TRACE_OUTPUT, 1, 1, 10 + t, 0, hello, 3 };

        add (trace, s * 0.001, LS_TRACE_STEP_START, 10 + t, 0, 0, 0);
        ls_trace_append (trace, &print);
        add (trace, s * 0.001, LS_TRACE_STEP_END, 10 + t, 0, LS_TRACE_OUTCOME_AWAIT, sleep);
      }
  return trace;
}

/* --- the fan-out trace: a small loop ---------------------------------------- */

#define WAVE_TASKS      50
#define WAVE_GAP        0.020
#define HEARTBEATS      3
#define HEARTBEAT_GAP   0.005
#define NO_TIMER        G_MAXUINT

/* the scenario's lines, as a program written for it would have them */
enum { LINE_SLEEP = 9, LINE_TIMEOUT = 8, LINE_PRINT = 10, LINE_RETURN = 12, LINE_HEARTBEAT = 17,
       LINE_SPAWN = 24, LINE_CANCEL = 26, LINE_GATHER = 28, LINE_MAIN = 33 };

typedef enum { ROLE_MAIN, ROLE_WORKER, ROLE_HEARTBEAT } Role;

/* How the task's pending wake-up ends its await. */
typedef enum { WAKE_NORMAL, WAKE_CANCELLED, WAKE_TIMEOUT } Wake;

typedef struct
{
  guint32 id;
  Role    role;
  guint   number;         /* worker or heartbeat number, for prints */
  guint   steps_left;
  guint32 future;         /* the sleep it awaits, 0 when none */
  guint   sleep_timer;    /* that sleep's timer, NO_TIMER when none */
  guint32 timeout;        /* id of the asyncio.timeout() it is inside, 0 when none */
  guint   timeout_timer;
  Wake    wake;
  gboolean done;
} Task;

typedef enum { CB_STEP, CB_WAKEUP, CB_SLEEP_DONE, CB_TIMEOUT, CB_CHILD_DONE } CallbackKind;

typedef struct
{
  guint32      handle;
  CallbackKind kind;
  guint        task;      /* index in Sim.tasks */
  guint        timer;     /* index in Sim.timers for a timer's callback, else NO_TIMER */
} Callback;

typedef struct
{
  double       when;
  guint32      handle;
  guint32      target;    /* the trace's "object" of the timer */
  guint32      name;
  CallbackKind kind;
  guint        task;
  gboolean     cancelled;
} Timer;

typedef struct
{
  LsTrace *trace;
  gsize    target;
  guint64  rng;
  double   now;
  guint32  next_id;
  guint    next_task_number;
  GArray  *tasks;         /* Task */
  GArray  *timers;        /* Timer: every timer armed; the index is its arming order */
  GArray  *heap;          /* guint: indexes of pending timers, earliest first */
  GArray  *ready;         /* Callback */
  guint    ready_head;
  guint    waves;
  guint    live_workers;
  guint    n_workers;
  guint    n_cancelled;
  gboolean gathering;
  guint32  gather;        /* the _GatheringFuture */
  /* interned names */
  guint32  s_step, s_wakeup, s_set_result, s_on_timeout, s_future, s_gathering, s_gather, s_gather_cb,
           s_discard, s_main, s_worker, s_heartbeat;
} Sim;

static guint32
next_random (Sim *sim)
{
  /* xorshift64*: the same sequence everywhere, unlike rand () */
  sim->rng ^= sim->rng >> 12;
  sim->rng ^= sim->rng << 25;
  sim->rng ^= sim->rng >> 27;
  return (guint32) ((sim->rng * G_GUINT64_CONSTANT (2685821657736338717)) >> 32);
}

static void
emit (Sim *sim, LsTraceKind kind, guint32 subject, guint32 object, guint32 arg, guint32 text, guint32 line)
{
  LsTraceEvent event = { sim->now, kind, 1, subject, object, arg, text, line };

  ls_trace_append (sim->trace, &event);
}

/* The kinds whose deadline is kept in the record (ls_trace_event_set_when). */
static void
emit_when (Sim *sim, LsTraceKind kind, guint32 subject, guint32 object, guint32 arg, double when)
{
  LsTraceEvent event = { sim->now, kind, 1, subject, object, arg, 0, 0 };

  ls_trace_event_set_when (&event, when);
  ls_trace_append (sim->trace, &event);
}

static Task *
task_at (Sim *sim, guint index)
{
  return &g_array_index (sim->tasks, Task, index);
}

static Timer *
timer_at (Sim *sim, guint index)
{
  return &g_array_index (sim->timers, Timer, index);
}

static gboolean
timer_before (Sim *sim, guint a, guint b)
{
  double wa = timer_at (sim, a)->when, wb = timer_at (sim, b)->when;

  return wa < wb || (wa == wb && a < b);
}

static void
heap_push (Sim *sim, guint timer)
{
  guint i = sim->heap->len;
  guint *h;

  g_array_append_val (sim->heap, timer);
  h = (guint *) sim->heap->data;
  while (i > 0 && timer_before (sim, h[i], h[(i - 1) / 2]))
    {
      guint parent = (i - 1) / 2, tmp = h[i];

      h[i] = h[parent];
      h[parent] = tmp;
      i = parent;
    }
}

static guint
heap_pop (Sim *sim)
{
  guint *h = (guint *) sim->heap->data;
  guint top = h[0], n = sim->heap->len - 1, i = 0;

  h[0] = h[n];
  g_array_set_size (sim->heap, n);
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, best = i, tmp;

      if (l < n && timer_before (sim, h[l], h[best]))
        best = l;
      if (r < n && timer_before (sim, h[r], h[best]))
        best = r;
      if (best == i)
        break;
      tmp = h[i];
      h[i] = h[best];
      h[best] = tmp;
      i = best;
    }
  return top;
}

/* loop.call_soon (): scheduled now, run in FIFO order. */
static void
call_soon (Sim *sim, CallbackKind kind, guint task, guint32 target, guint32 name)
{
  Callback cb = { sim->next_id++, kind, task, NO_TIMER };

  emit (sim, LS_TRACE_CALLBACK_SCHEDULED, cb.handle, target, 0, name, 0);
  g_array_append_val (sim->ready, cb);
}

/* loop.call_later (): a timer, armed now. */
static guint
call_later (Sim *sim, double delay, CallbackKind kind, guint task, guint32 target, guint32 name)
{
  Timer timer = { sim->now + delay, sim->next_id++, target, name, kind, task, FALSE };
  guint index = sim->timers->len;

  emit_when (sim, LS_TRACE_TIMER_ARMED, timer.handle, target, name, timer.when);
  g_array_append_val (sim->timers, timer);
  heap_push (sim, index);
  return index;
}

static void
cancel_timer (Sim *sim, guint timer)
{
  timer_at (sim, timer)->cancelled = TRUE;
  emit (sim, LS_TRACE_TIMER_CANCELLED, timer_at (sim, timer)->handle, 0, 0, 0, 0);
}

static void
print (Sim *sim, const Task *task, const char *text)
{
  emit (sim, LS_TRACE_OUTPUT, 1, task->id, 0, ls_trace_intern (sim->trace, text), LINE_PRINT);
}

/* asyncio.create_task (): the first step is scheduled, then the task is
 * recorded, as the engine does. */
static void
spawn (Sim *sim, Role role, guint number, guint32 parent, guint32 coro, guint steps)
{
  Task task = { 0 };
  g_autofree char *name = NULL;
  guint index = sim->tasks->len;

  task.id = sim->next_id++;
  task.role = role;
  task.number = number;
  task.steps_left = steps;
  task.sleep_timer = NO_TIMER;
  task.timeout_timer = NO_TIMER;
  g_array_append_val (sim->tasks, task);
  call_soon (sim, CB_STEP, index, task.id, sim->s_step);
  name = g_strdup_printf ("Task-%u", ++sim->next_task_number);
  emit (sim, LS_TRACE_TASK_CREATED, task.id, parent, coro, ls_trace_intern (sim->trace, name),
        parent != 0 ? LINE_SPAWN : LINE_MAIN);
}

/* await asyncio.sleep (delay): a future, a timer that completes it. */
static void
await_sleep (Sim *sim, guint index, double delay)
{
  Task *task = task_at (sim, index);
  g_autofree char *label = g_strdup_printf ("sleep(%g)", delay);
  guint32 future = sim->next_id++;
  guint timer;

  emit (sim, LS_TRACE_FUTURE_CREATED, future, task->id, 0, sim->s_future, LINE_SLEEP);
  timer = call_later (sim, delay, CB_SLEEP_DONE, index, 0, sim->s_set_result);
  task = task_at (sim, index);
  task->future = future;
  task->sleep_timer = timer;
  emit (sim, LS_TRACE_STEP_END, task->id, future, LS_TRACE_OUTCOME_AWAIT, ls_trace_intern (sim->trace, label),
        LINE_SLEEP);
}

/* The task's step ends it: its future completes and its done callback
 * (the gather's, or a set's discard) is scheduled. */
static void
finish (Sim *sim, guint index, LsTraceOutcome outcome, LsTraceFutureState state)
{
  Task *task = task_at (sim, index);

  emit (sim, LS_TRACE_STEP_END, task->id, 0, outcome, 0, LINE_RETURN);
  emit (sim, LS_TRACE_FUTURE_DONE, task->id, 0, state, 0, 0);
  task->done = TRUE;
  if (task->role == ROLE_WORKER)
    call_soon (sim, CB_CHILD_DONE, index, 0, sim->gathering ? sim->s_gather_cb : sim->s_discard);
}

/* task.cancel () on a task awaiting its sleep: requested on the task and
 * on the future, which is cancelled at once and wakes the task. */
static void
cancel_await (Sim *sim, guint index, guint32 requester, Wake why)
{
  Task *task = task_at (sim, index);
  guint32 future = task->future;

  emit (sim, LS_TRACE_CANCEL_REQUESTED, task->id, requester, 0, 0, LINE_CANCEL);
  emit (sim, LS_TRACE_CANCEL_REQUESTED, future, requester, 0, 0, LINE_CANCEL);
  emit (sim, LS_TRACE_FUTURE_DONE, future, requester, LS_TRACE_FUTURE_CANCELLED, 0, 0);
  /* the sleep's timer is cancelled by the task's step (recorded there), but
   * its callback must not complete the future now, even if already ready */
  timer_at (sim, task->sleep_timer)->cancelled = TRUE;
  task->future = 0;
  task->wake = why;
  call_soon (sim, CB_WAKEUP, index, task->id, sim->s_wakeup);
}

static void
worker_step (Sim *sim, guint index)
{
  Task *task = task_at (sim, index);
  guint32 dice = next_random (sim);
  double delay;

  if (task->steps_left == 0)
    {
      if (dice % 4 == 0)
        {
          g_autofree char *text = g_strdup_printf ("worker %u: done", task->number);

          print (sim, task, text);
        }
      finish (sim, index, LS_TRACE_OUTCOME_RETURN, LS_TRACE_FUTURE_RESULT);
      return;
    }
  task->steps_left--;
  if (dice % 16 == 0)
    {
      g_autofree char *text = g_strdup_printf ("worker %u: step %u", task->number, task->steps_left);

      print (sim, task, text);
    }
  if ((dice >> 4) % 12 == 0)
    {
      /* await asyncio.sleep (0): a bare yield */
      emit (sim, LS_TRACE_STEP_END, task->id, 0, LS_TRACE_OUTCOME_YIELD, 0, LINE_SLEEP);
      call_soon (sim, CB_STEP, index, task->id, sim->s_step);
      return;
    }
  delay = (1 + (dice >> 8) % 40) / 1000.0;
  if ((dice >> 16) % 10 == 0)
    {
      /* async with asyncio.timeout (): expires before the sleep half the time */
      double limit = (dice >> 20) % 2 ? delay / 2 : delay + 0.005;
      guint32 timeout = sim->next_id++;
      guint timer;

      emit (sim, LS_TRACE_TIMEOUT_ARMED, timeout, task->id, ls_trace_add_number (sim->trace, sim->now + limit), 0,
            LINE_TIMEOUT);
      timer = call_later (sim, limit, CB_TIMEOUT, index, timeout, sim->s_on_timeout);
      task = task_at (sim, index);
      task->timeout = timeout;
      task->timeout_timer = timer;
    }
  await_sleep (sim, index, delay);
}

static void
heartbeat_step (Sim *sim, guint index)
{
  Task *task = task_at (sim, index);

  if (sim->gathering)
    {
      finish (sim, index, LS_TRACE_OUTCOME_RETURN, LS_TRACE_FUTURE_RESULT);
      return;
    }
  if (task->steps_left++ % 20 == 0)
    {
      g_autofree char *text = g_strdup_printf ("heartbeat %u: %u", task->number, task->steps_left);

      print (sim, task, text);
    }
  await_sleep (sim, index, HEARTBEAT_GAP);
}

/* A worker awaiting its sleep, near a random one, or G_MAXUINT. */
static guint
find_victim (Sim *sim)
{
  guint n = sim->tasks->len, start = next_random (sim) % n;

  for (guint k = 0; k < n; k++)
    {
      guint i = (start + k) % n;
      const Task *task = task_at (sim, i);

      if (task->role == ROLE_WORKER && !task->done && task->future != 0 && task->wake == WAKE_NORMAL)
        return i;
    }
  return G_MAXUINT;
}

static void
main_step (Sim *sim, guint index)
{
  guint32 main_id = task_at (sim, index)->id;

  if (sim->gathering)
    {
      g_autofree char *text = g_strdup_printf ("%u workers, %u cancelled", sim->n_workers, sim->n_cancelled);

      print (sim, task_at (sim, index), text);
      finish (sim, index, LS_TRACE_OUTCOME_RETURN, LS_TRACE_FUTURE_RESULT);
      return;
    }
  if (ls_trace_get_n_events (sim->trace) >= sim->target)
    {
      /* await asyncio.gather (*workers) */
      sim->gathering = TRUE;
      sim->gather = sim->next_id++;
      emit (sim, LS_TRACE_FUTURE_CREATED, sim->gather, main_id, 0, sim->s_gathering, LINE_GATHER);
      emit (sim, LS_TRACE_GATHER_CREATED, sim->gather, main_id, sim->live_workers, 0, LINE_GATHER);
      if (sim->live_workers == 0)
        {
          emit (sim, LS_TRACE_STEP_END, main_id, 0, LS_TRACE_OUTCOME_YIELD, 0, LINE_GATHER);
          call_soon (sim, CB_STEP, index, main_id, sim->s_step);
          return;
        }
      emit (sim, LS_TRACE_STEP_END, main_id, sim->gather, LS_TRACE_OUTCOME_AWAIT, sim->s_gather, LINE_GATHER);
      return;
    }
  if (sim->waves == 0)
    for (guint i = 0; i < HEARTBEATS; i++)
      spawn (sim, ROLE_HEARTBEAT, i + 1, main_id, sim->s_heartbeat, 0);
  if (sim->waves % 3 == 2)
    {
      guint victim = find_victim (sim);

      if (victim != G_MAXUINT)
        {
          cancel_await (sim, victim, main_id, WAKE_CANCELLED);
          sim->n_cancelled++;
        }
    }
  for (guint i = 0; i < WAVE_TASKS; i++)
    {
      spawn (sim, ROLE_WORKER, ++sim->n_workers, main_id, sim->s_worker, 4 + next_random (sim) % 12);
      sim->live_workers++;
    }
  sim->waves++;
  await_sleep (sim, index, WAVE_GAP);
}

/* Task.__step: the CancelledError or the end of asyncio.timeout() first,
 * then the task's own code. */
static void
run_step (Sim *sim, guint index)
{
  Task *task = task_at (sim, index);
  Wake wake = task->wake;

  emit (sim, LS_TRACE_STEP_START, task->id, 0, 0, 0, 0);
  task->wake = WAKE_NORMAL;
  if (wake != WAKE_NORMAL)
    {
      emit (sim, LS_TRACE_CANCEL_DELIVERED, task->id, 0, 0, 0, LINE_SLEEP);
      cancel_timer (sim, task->sleep_timer);
    }
  task = task_at (sim, index);
  if (task->timeout != 0 && wake != WAKE_TIMEOUT)
    cancel_timer (sim, task->timeout_timer);
  task = task_at (sim, index);
  task->timeout = 0;
  task->sleep_timer = NO_TIMER;
  if (wake == WAKE_CANCELLED)
    {
      finish (sim, index, LS_TRACE_OUTCOME_CANCELLED, LS_TRACE_FUTURE_CANCELLED);
      return;
    }
  /* a TimeoutError is caught by the worker, which goes on */
  switch (task->role)
    {
    case ROLE_MAIN:
      main_step (sim, index);
      break;
    case ROLE_HEARTBEAT:
      heartbeat_step (sim, index);
      break;
    case ROLE_WORKER:
    default:
      worker_step (sim, index);
      break;
    }
}

static void
run_callback (Sim *sim, const Callback *cb)
{
  Task *task = task_at (sim, cb->task);

  switch (cb->kind)
    {
    case CB_STEP:
    case CB_WAKEUP:
      run_step (sim, cb->task);
      break;
    case CB_SLEEP_DONE:
      /* future.set_result (None): the awaiting task wakes */
      emit (sim, LS_TRACE_FUTURE_DONE, task->future, 0, LS_TRACE_FUTURE_RESULT, 0, 0);
      task->future = 0;
      call_soon (sim, CB_WAKEUP, cb->task, task->id, sim->s_wakeup);
      break;
    case CB_TIMEOUT:
      /* Timeout._on_timeout: the task is cancelled where it awaits */
      if (task->future == 0 || task->wake != WAKE_NORMAL)
        break;
      emit (sim, LS_TRACE_TIMEOUT_EXPIRED, task->timeout, 0, 0, 0, LINE_TIMEOUT);
      cancel_await (sim, cb->task, 0, WAKE_TIMEOUT);
      break;
    case CB_CHILD_DONE:
      sim->live_workers--;
      if (sim->gathering && sim->live_workers == 0)
        {
          emit (sim, LS_TRACE_FUTURE_DONE, sim->gather, 0, LS_TRACE_FUTURE_RESULT, 0, 0);
          call_soon (sim, CB_WAKEUP, 0, task_at (sim, 0)->id, sim->s_wakeup);
        }
      break;
    default:
      break;
    }
}

static void
run_ready (Sim *sim)
{
  while (sim->ready_head < sim->ready->len)
    {
      Callback cb = g_array_index (sim->ready, Callback, sim->ready_head++);

      /* a handle cancelled after it was made ready never runs */
      if (cb.timer != NO_TIMER && timer_at (sim, cb.timer)->cancelled)
        continue;
      emit (sim, LS_TRACE_CALLBACK_RUN, cb.handle, 0, 0, 0, 0);
      run_callback (sim, &cb);
      emit (sim, LS_TRACE_CALLBACK_DONE, cb.handle, 0, 0, 0, 0);
    }
  g_array_set_size (sim->ready, 0);
  sim->ready_head = 0;
}

/* The loop idles until the earliest timer, then makes every timer due at
 * that instant ready; FALSE when there is none left. */
static gboolean
advance (Sim *sim)
{
  double when;

  while (sim->heap->len > 0 && timer_at (sim, g_array_index (sim->heap, guint, 0))->cancelled)
    heap_pop (sim);
  if (sim->heap->len == 0)
    return FALSE;
  when = timer_at (sim, g_array_index (sim->heap, guint, 0))->when;
  emit_when (sim, LS_TRACE_THREAD_BLOCKED, 1, 0, LS_TRACE_BLOCK_LOOP_IDLE, when);
  sim->now = when;
  emit (sim, LS_TRACE_THREAD_RESUMED, 1, 0, 0, 0, 0);
  while (sim->heap->len > 0 && timer_at (sim, g_array_index (sim->heap, guint, 0))->when < sim->now + 1e-9)
    {
      guint index = heap_pop (sim);
      const Timer *timer = timer_at (sim, index);
      Callback cb = { timer->handle, timer->kind, timer->task, index };

      if (timer->cancelled)
        continue;
      emit (sim, LS_TRACE_CALLBACK_SCHEDULED, timer->handle, timer->target, 0, timer->name, 0);
      g_array_append_val (sim->ready, cb);
    }
  return TRUE;
}

static void
intern_names (Sim *sim)
{
  LsTrace *t = sim->trace;

  sim->s_step = ls_trace_intern (t, "Task.task_step");
  sim->s_wakeup = ls_trace_intern (t, "Task.task_wakeup");
  sim->s_set_result = ls_trace_intern (t, "_set_result_unless_cancelled");
  sim->s_on_timeout = ls_trace_intern (t, "Timeout._on_timeout");
  sim->s_future = ls_trace_intern (t, "Future");
  sim->s_gathering = ls_trace_intern (t, "_GatheringFuture");
  sim->s_gather = ls_trace_intern (t, "gather");
  sim->s_gather_cb = ls_trace_intern (t, "gather.<locals>._done_callback");
  sim->s_discard = ls_trace_intern (t, "set.discard");
  sim->s_main = ls_trace_intern (t, "main");
  sim->s_worker = ls_trace_intern (t, "worker");
  sim->s_heartbeat = ls_trace_intern (t, "heartbeat");
}

LsTrace *
ls_synth_trace_fanout (gsize   n_events,
                       guint32 seed)
{
  Sim sim = { 0 };

  sim.trace = ls_trace_new ();
  sim.target = n_events;
  sim.rng = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ seed;
  sim.next_id = 1;
  sim.tasks = g_array_new (FALSE, FALSE, sizeof (Task));
  sim.timers = g_array_new (FALSE, FALSE, sizeof (Timer));
  sim.heap = g_array_new (FALSE, FALSE, sizeof (guint));
  sim.ready = g_array_new (FALSE, FALSE, sizeof (Callback));
  intern_names (&sim);

  /* asyncio.run (main ()) */
  spawn (&sim, ROLE_MAIN, 0, 0, sim.s_main, 0);
  do
    run_ready (&sim);
  while (advance (&sim));

  g_array_unref (sim.tasks);
  g_array_unref (sim.timers);
  g_array_unref (sim.heap);
  g_array_unref (sim.ready);
  return sim.trace;
}
