/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-sched.c — the token-passing scheduler of scenario threads.
 *
 * Every scenario thread is a fiber (ls-fiber.h) on the OS thread that
 * drives the VM; the main thread's is that OS thread's own stack.  Handing
 * the token over is a switch from one fiber to the other, so the
 * scheduling state needs no lock: only the thread holding the token ever
 * touches it.  That thread owns the VM: on every hand-over the VM's
 * per-thread registers (frame chain, depth, pins, roots) are saved into
 * the old thread and restored from the new one, so the interpreter never
 * knows threads exist.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-sched.h"
#include "ls-exception.h"
#include "ls-fiber.h"
#include "ls-gc.h"
#include "ls-ops.h"
#include "ls-trace.h"
#include "ls-tracelib.h"
#include "ls-tuple.h"
#include "ls-vm.h"

typedef enum
{
  THREAD_READY,
  THREAD_RUNNING,
  THREAD_BLOCKED,
  THREAD_DONE,
} ThreadState;

struct _LsSchedThread
{
  LsSched     *sched;
  gint64       ident;
  LsFiber     *fiber;         /* NULL once done and reaped */
  ThreadState  state;
  guint64      generation;    /* invalidates stale timed events */
  gboolean     timed_out;
  gboolean     loop_idle;
  gboolean     sleeping;      /* blocked in time.sleep, for the trace */
  LsValue      callable;
  LsValue      args;
  LsValue      kwargs;
  LsVMThreadState saved;
};

typedef struct
{
  double         time;
  LsWakeClass    wake_class;
  guint64        seq;
  guint64        generation;
  LsSchedThread *thread;
} TimedEvent;

struct _LsSched
{
  LsVM          *vm;
  GPtrArray     *threads;      /* every thread, in creation order */
  GQueue         ready;
  GArray        *events;       /* binary min-heap of TimedEvent */
  guint64        seq;
  LsSchedThread *running;
  LsSchedThread *main;
  gint64         next_ident;
  char          *abort_reason;
  gboolean       aborting;
  guint          n_alive;      /* threads started and not yet done */
  GQueue         finished;     /* done threads whose fiber is not reaped yet */
  GPtrArray     *spare_fibers; /* reaped stacks, for the next threads */
};

/* Scenario threads alive at once: each has a stack as large as an OS
 * thread's, and the address space runs out of them long before a scenario
 * could need this many. */
#define MAX_ALIVE_THREADS 4096

/* Stacks kept for reuse: a scenario that starts and joins threads one
 * after another maps no new stack (and faults no new pages in) for each. */
#define MAX_SPARE_FIBERS 16

/* --- the timed-event heap ------------------------------------------------ */

static gboolean
event_before (const TimedEvent *a, const TimedEvent *b)
{
  if (a->time != b->time)
    return a->time < b->time;
  if (a->wake_class != b->wake_class)
    return a->wake_class < b->wake_class;
  return a->seq < b->seq;
}

static void
heap_push (GArray *heap, const TimedEvent *event)
{
  guint i = heap->len;

  g_array_append_val (heap, *event);
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      TimedEvent *p = &g_array_index (heap, TimedEvent, parent);
      TimedEvent *c = &g_array_index (heap, TimedEvent, i);
      TimedEvent tmp;

      if (!event_before (c, p))
        break;
      tmp = *p;
      *p = *c;
      *c = tmp;
      i = parent;
    }
}

static void
heap_pop (GArray *heap)
{
  guint n = heap->len - 1, i = 0;

  g_array_index (heap, TimedEvent, 0) = g_array_index (heap, TimedEvent, n);
  g_array_set_size (heap, n);
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      TimedEvent tmp;

      if (l < n && event_before (&g_array_index (heap, TimedEvent, l), &g_array_index (heap, TimedEvent, m)))
        m = l;
      if (r < n && event_before (&g_array_index (heap, TimedEvent, r), &g_array_index (heap, TimedEvent, m)))
        m = r;
      if (m == i)
        break;
      tmp = g_array_index (heap, TimedEvent, m);
      g_array_index (heap, TimedEvent, m) = g_array_index (heap, TimedEvent, i);
      g_array_index (heap, TimedEvent, i) = tmp;
      i = m;
    }
}

/* --- threads ---------------------------------------------------------------- */

static LsSchedThread *
thread_new (LsSched *self)
{
  LsSchedThread *thread = g_new0 (LsSchedThread, 1);

  thread->sched = self;
  thread->ident = self->next_ident++;
  thread->callable = LS_NONE;
  thread->args = LS_NONE;
  thread->kwargs = LS_NONE;
  thread->saved.pins = ls_pin_stack_new ();
  thread->saved.roots = ls_root_stack_new ();
  thread->saved.raised = LS_UNBOUND;
  g_ptr_array_add (self->threads, thread);
  return thread;
}

static void
thread_free (LsSchedThread *thread)
{
  ls_fiber_free (thread->fiber);
  ls_pin_stack_free (thread->saved.pins);
  ls_root_stack_free (thread->saved.roots);
  g_free (thread);
}

LsSched *
ls_sched_new (LsVM *vm)
{
  LsSched *self = g_new0 (LsSched, 1);

  self->vm = vm;
  self->threads = g_ptr_array_new_with_free_func ((GDestroyNotify) thread_free);
  g_queue_init (&self->ready);
  g_queue_init (&self->finished);
  self->spare_fibers = g_ptr_array_new_with_free_func ((GDestroyNotify) ls_fiber_free);
  self->events = g_array_new (FALSE, FALSE, sizeof (TimedEvent));
  self->next_ident = 1;
  /* the thread that drives the VM is the main thread and holds the token:
   * its fiber is whichever OS thread's stack calls in */
  self->main = thread_new (self);
  self->main->fiber = ls_fiber_new_native ();
  self->main->state = THREAD_RUNNING;
  self->running = self->main;
  vm->trace_thread = (guint16) self->main->ident;
  return self;
}

void
ls_sched_free (LsSched *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->threads);
  g_queue_clear (&self->ready);
  g_queue_clear (&self->finished);
  g_ptr_array_unref (self->spare_fibers);
  g_array_unref (self->events);
  g_free (self->abort_reason);
  g_free (self);
}

LsSchedThread *
ls_sched_current (LsSched *self)
{
  return self->running;
}

LsSchedThread *
ls_sched_main (LsSched *self)
{
  return self->main;
}

gint64
ls_sched_thread_ident (LsSchedThread *thread)
{
  return thread->ident;
}

LsSchedThread *
ls_sched_lookup (LsSched *self, gint64 ident)
{
  for (guint i = 0; i < self->threads->len; i++)
    {
      LsSchedThread *thread = g_ptr_array_index (self->threads, i);

      if (thread->ident == ident)
        return thread;
    }
  return NULL;
}

void
ls_sched_abort (LsSched    *self,
                const char *reason)
{
  self->aborting = TRUE;
  if (self->abort_reason == NULL)
    self->abort_reason = g_strdup (reason);
}

const char *
ls_sched_get_abort_reason (LsSched *self)
{
  return self->abort_reason;
}

guint
ls_sched_count_alive (LsSched *self)
{
  guint n = 0;

  for (guint i = 0; i < self->threads->len; i++)
    n += ((LsSchedThread *) g_ptr_array_index (self->threads, i))->state != THREAD_DONE;
  return n;
}

/* --- handing the token over ----------------------------------------------- */

/* Makes `next` the running thread and switches to its fiber; returns
 * when the token comes back to `me` (at once if `next` is `me`). */
static void
hand_over (LsSched *self, LsSchedThread *me, LsSchedThread *next)
{
  next->state = THREAD_RUNNING;
  self->running = next;
  self->vm->trace_thread = (guint16) next->ident;
  if (next != me)
    ls_fiber_switch (me->fiber, next->fiber);
}

/* The scenario line a thread is blocked at: the innermost frame of the
 * user's file in its saved registers. */
static guint32
blocked_line (LsSched *self, LsSchedThread *thread)
{
  LsVM *vm = self->vm;

  for (LsFrame *frame = thread->saved.frame; frame != NULL; frame = frame->back)
    if (vm->main_filename != NULL && frame->code->filename == vm->main_filename)
      return (guint32) frame->code->lines[frame->ip > 0 ? frame->ip - 1 : 0];
  return 0;
}

/* Where a run that would pass the time limit is: for an idle event loop,
 * the await the last task to suspend sits on; for a sleeping thread, its
 * time.sleep. */
static guint32
time_limit_line (LsSched *self, const TimedEvent *event)
{
  guint32 line = 0;

  if (event->wake_class == LS_WAKE_LOOP)
    line = ls_trace_task_await_line (self->vm, self->vm->last_suspended_task);
  return line != 0 ? line : blocked_line (self, event->thread);
}

/* The next event is at `when`, past the time limit: the limit handler may
 * raise it; otherwise the run stops.  FALSE when it stops. */
static gboolean
time_allowed (LsSched *self, const TimedEvent *event)
{
  LsVM *vm = self->vm;
  g_autofree char *what = NULL;

  if (vm->limits.max_time <= 0 || event->time <= vm->limits.max_time)
    return TRUE;
  if (ls_vm_ask_limit_handler (vm, LS_LIMIT_TIME) &&
      (vm->limits.max_time <= 0 || event->time <= vm->limits.max_time))
    return TRUE;
  what = g_strdup_printf ("virtual time would pass %.15g s (the next event is at %.15g s)",
                          vm->limits.max_time, event->time);
  ls_vm_stop (vm, LS_LIMIT_TIME, time_limit_line (self, event), what);
  return FALSE;
}

/* Nothing is runnable: jump to the earliest timed event and make every
 * event due at exactly that instant ready, in (class, seq) order.  FALSE
 * when there is none (a deadlock) or the time limit stops the run. */
static gboolean
advance_time (LsSched *self)
{
  gboolean found = FALSE;
  double first = 0.0;

  while (self->events->len > 0)
    {
      TimedEvent event = g_array_index (self->events, TimedEvent, 0);
      LsSchedThread *thread = event.thread;

      if (thread->state != THREAD_BLOCKED || thread->generation != event.generation)
        {
          heap_pop (self->events);     /* stale: woken some other way */
          continue;
        }
      if (!found)
        {
          if (event.time > self->vm->now && !time_allowed (self, &event))
            return FALSE;
          found = TRUE;
          first = event.time;
          if (first > self->vm->now)
            self->vm->now = first;
        }
      else if (event.time != first)
        break;
      heap_pop (self->events);
      thread->timed_out = TRUE;
      thread->generation++;
      thread->state = THREAD_READY;
      g_queue_push_tail (&self->ready, thread);
    }
  return found;
}

/* The thread to run next: the head of the ready queue, after a jump in
 * time if none is ready; the main thread when the run is ending (see
 * ls_sched_shutdown) or nothing can ever be ready again (a deadlock). */
static LsSchedThread *
pick_next (LsSched *self)
{
  if (self->aborting)
    return self->main;
  if (g_queue_is_empty (&self->ready) && !advance_time (self))
    {
      if (!self->aborting)
        {
          self->aborting = TRUE;
          self->abort_reason = g_strdup_printf ("deadlock at virtual time %.6f: every thread is blocked forever",
                                                self->vm->now);
        }
      return self->main;
    }
  return g_queue_pop_head (&self->ready);
}

LsBlockResult
ls_sched_block (LsSched     *self,
                double       deadline,
                LsWakeClass  wake_class)
{
  LsSchedThread *me = self->running;
  LsBlockResult result;

  if (self->aborting)
    return LS_BLOCK_ABORTED;
  ls_trace_record_thread (self->vm, LS_TRACE_THREAD_BLOCKED, (guint32) me->ident,
                          wake_class == LS_WAKE_LOOP ? LS_TRACE_BLOCK_LOOP_IDLE
                          : me->sleeping ? LS_TRACE_BLOCK_SLEEP : LS_TRACE_BLOCK_WAIT, deadline);

  /* What this thread made since its last safe point (the native that
   * blocks, and the bytecode that called it: `with lock:` holds the bound
   * __exit__) is rooted nowhere else, and other threads collect while it
   * waits. */
  LsGcPin pin = { self->vm->objects, self->vm->native_entry };
  ls_vm_push_pin (self->vm, pin);

  ls_vm_thread_state_swap (self->vm, &me->saved);
  me->state = THREAD_BLOCKED;
  me->generation++;
  me->timed_out = FALSE;
  if (deadline >= 0)
    {
      TimedEvent event = { deadline, wake_class, ++self->seq, me->generation, me };
      heap_push (self->events, &event);
    }
  hand_over (self, me, pick_next (self));
  ls_vm_thread_state_swap (self->vm, &me->saved);
  ls_vm_pop_pin (self->vm);

  if (self->aborting)
    return LS_BLOCK_ABORTED;
  /* the thread let others run: its count of work without a pause restarts */
  ls_vm_note_suspension (self->vm);
  result = me->timed_out ? LS_BLOCK_TIMED_OUT : LS_BLOCK_WOKEN;
  ls_trace_record_thread (self->vm, LS_TRACE_THREAD_RESUMED, (guint32) me->ident, 0, -1);
  return result;
}

gboolean
ls_sched_make_ready (LsSched       *self,
                     LsSchedThread *thread)
{
  if (thread->state != THREAD_BLOCKED)
    return FALSE;
  thread->state = THREAD_READY;
  thread->generation++;
  g_queue_push_tail (&self->ready, thread);
  return TRUE;
}

void
ls_sched_set_sleeping (LsSched *self, gboolean sleeping)
{
  self->running->sleeping = sleeping;
}

void
ls_sched_set_loop_idle (LsSched *self, LsSchedThread *thread, gboolean idle)
{
  thread->loop_idle = idle;
}

gboolean
ls_sched_is_loop_idle (LsSched *self, LsSchedThread *thread)
{
  return thread->loop_idle;
}

/* --- the body of a scenario thread ------------------------------------------ */

static void
report_uncaught (LsVM *vm)
{
  g_autofree char *text = NULL;

  if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_SYSTEM_EXIT]))
    return;
  text = ls_vm_format_traceback (vm, vm->raised, NULL);
  g_printerr ("Exception in thread:\n%s", text);
}

/* A scenario thread's fiber, from its first turn to its end. */
static void
thread_main (gpointer data)
{
  LsSchedThread *me = data;
  LsSched *self = me->sched;
  LsVM *vm = self->vm;
  LsSchedThread *next;

  ls_vm_thread_state_swap (vm, &me->saved);
  /* The thread's C code holds nothing older than its start (its callable
   * and arguments are its own, marked by ls_sched_mark): the pin of its
   * first call begins here, not at the end of the object list, which
   * kept the whole heap of the thread's start alive, and walked it at
   * every collection, as long as the thread lived. */
  vm->native_entry = vm->objects;

  if (!self->aborting)
    {
      LsTuple *args = ls_value_tuple (me->args);
      LsValue result;
      gboolean ok = ls_call_with_kwargs (vm, me->callable, args != NULL ? args->items : NULL,
                                         args != NULL ? (guint) args->len : 0, me->kwargs, &result);

      if (!ok && !self->aborting)
        report_uncaught (vm);
      vm->raised = LS_UNBOUND;
    }

  ls_vm_thread_state_swap (vm, &me->saved);
  me->state = THREAD_DONE;
  me->callable = LS_NONE;
  me->args = LS_NONE;
  me->kwargs = LS_NONE;
  self->n_alive--;
  /* its stack is still in use until the switch below: whoever runs next
   * reaps it (at the next spawn, or the shutdown) */
  g_queue_push_tail (&self->finished, me);
  next = pick_next (self);
  next->state = THREAD_RUNNING;
  self->running = next;
  self->vm->trace_thread = (guint16) next->ident;
  ls_fiber_exit (me->fiber, next->fiber);
}

/* Frees (or keeps for the next threads) the stacks of the scenario
 * threads that have ended.  Called by the thread that holds the token,
 * which is none of them. */
static void
reap_finished (LsSched *self)
{
  LsSchedThread *thread;

  while ((thread = g_queue_pop_head (&self->finished)) != NULL)
    {
      LsFiber *fiber = g_steal_pointer (&thread->fiber);

      if (self->spare_fibers->len < MAX_SPARE_FIBERS)
        g_ptr_array_add (self->spare_fibers, fiber);
      else
        ls_fiber_free (fiber);
    }
}

/* A fiber that runs thread_main (thread): a spare stack when there is one. */
static LsFiber *
fiber_for_thread (LsSched *self, LsSchedThread *thread)
{
  g_autoptr(GError) error = NULL;
  LsFiber *fiber;

  if (self->spare_fibers->len > 0)
    {
      fiber = g_ptr_array_steal_index (self->spare_fibers, self->spare_fibers->len - 1);
      ls_fiber_reset (fiber, thread_main, thread);
      return fiber;
    }
  fiber = ls_fiber_new (thread_main, thread, &error);
  if (fiber == NULL)
    g_debug ("no stack for a scenario thread: %s", error->message);
  return fiber;
}

LsSchedThread *
ls_sched_spawn (LsSched *self,
                LsValue  callable,
                LsValue  args,
                LsValue  kwargs)
{
  LsSchedThread *thread;

  reap_finished (self);
  if (self->n_alive >= MAX_ALIVE_THREADS)
    return NULL;
  thread = thread_new (self);
  thread->callable = callable;
  thread->args = args;
  thread->kwargs = kwargs;
  thread->state = THREAD_READY;
  thread->fiber = fiber_for_thread (self, thread);
  if (thread->fiber == NULL)
    {
      /* out of memory for stacks: as if it had never been asked for */
      g_ptr_array_remove_index (self->threads, self->threads->len - 1);
      self->next_ident--;
      return NULL;
    }
  self->n_alive++;
  g_queue_push_tail (&self->ready, thread);
  return thread;
}

void
ls_sched_shutdown (LsSched *self)
{
  LsSchedThread *me = self->running;

  g_return_if_fail (me == self->main);

  self->aborting = TRUE;
  for (guint i = 0; i < self->threads->len; i++)
    {
      LsSchedThread *thread = g_ptr_array_index (self->threads, i);

      if (thread == me || thread->state == THREAD_DONE)
        continue;
      /* hand it the token; every block it tries now is aborted, so it
       * unwinds and gives the token back to us when it ends (a thread
       * that never ran ends at once) */
      ls_vm_thread_state_swap (self->vm, &me->saved);
      me->state = THREAD_BLOCKED;
      hand_over (self, me, thread);
      ls_vm_thread_state_swap (self->vm, &me->saved);
    }
  reap_finished (self);
}

/* --- the collector's view ------------------------------------------------------ */

void
ls_sched_mark (LsSched *self)
{
  LsVM *vm = self->vm;

  for (guint i = 0; i < self->threads->len; i++)
    {
      LsSchedThread *thread = g_ptr_array_index (self->threads, i);

      ls_gc_mark_value (vm, thread->callable);
      ls_gc_mark_value (vm, thread->args);
      ls_gc_mark_value (vm, thread->kwargs);
      if (thread == self->running)
        continue;       /* its registers are the VM's, marked as roots */
      ls_gc_mark_thread_state (vm, &thread->saved);
    }
}
