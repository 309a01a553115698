/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-run.c: one run of a scenario on a worker thread (see ls-run.h). */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ls-exception.h"
#include "ls-limits.h"
#include "ls-ops.h"
#include "ls-run.h"
#include "ls-syntax-error.h"
#include "ls-vm.h"

/* Events between two chances to park: small enough that a frame finds the
 * worker at a check quickly, large enough that the checks cost nothing. */
#define SYNC_SLICE 4096
#define PACED_SLICE 64

struct _LsRun
{
  GObject      parent_instance;

  char        *filename;
  char        *source;
  LsVM        *vm;
  GThread     *thread;

  /* Guards everything below, which the worker and the main thread share. */
  GMutex       lock;
  GCond        cond;
  gboolean     want_sync;   /* the main thread asks the worker to park */
  gboolean     parked;      /* the worker waits for the main thread */
  gboolean     finished;    /* the worker is done with the VM */
  GQueue       output;      /* OutputChunk, in order */
  guint64      max_events;  /* the real event limit, past the slices */
  double       horizon;     /* the worker waits once virtual time is past it */
  gsize        record_horizon; /* ...or once its trace has more records */
  gboolean     stopping;
  LsLimitKind  waiting;     /* the limit the worker waits at for an answer */
  int          answer;      /* ANSWER_*: the main thread's, to `waiting` */
  gboolean     stopped_waiting; /* ls_run_stop() came while it waited */
  double       waiting_bound;   /* the bound `waiting` reached */

  /* Set before the worker starts, read-only afterwards. */
  LsLimits     limits;      /* as configured (the engine's own grow) */
  gboolean     ask_at_limit;

  /* Written by the worker before `finished`, read after. */
  LsRunStatus  status;
  char        *message;
  char        *report;
  guint        error_line;
  LsLimitKind  limit_kind;
};

enum
{
  ANSWER_NONE,
  ANSWER_CONTINUE,
  ANSWER_STOP,
};

/* What the program printed, and where in the trace: a playback shows it
 * once it has shown the records before it. */
typedef struct
{
  gsize  position;  /* records in the trace when it was printed */
  char  *text;
} OutputChunk;

static void
output_chunk_free (gpointer data)
{
  OutputChunk *chunk = data;

  g_free (chunk->text);
  g_free (chunk);
}

G_DEFINE_FINAL_TYPE (LsRun, ls_run, G_TYPE_OBJECT)

enum
{
  SIGNAL_FINISHED,
  SIGNAL_LIMIT_REACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ls_run_finalize (GObject *object)
{
  LsRun *self = LS_RUN (object);

  /* The worker holds a reference until it is done: never joined here
   * from itself. */
  if (self->thread != NULL)
    g_thread_join (self->thread);
  g_clear_pointer (&self->vm, ls_vm_free);
  g_free (self->filename);
  g_free (self->source);
  g_free (self->message);
  g_free (self->report);
  g_queue_clear_full (&self->output, output_chunk_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (ls_run_parent_class)->finalize (object);
}

static void
ls_run_class_init (LsRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ls_run_finalize;

  /* Emitted on the main context once the worker is done. */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  /* Emitted on the main context when the run waits at its time or event
   * limit (ls_run_set_ask_at_limit); answer with ls_run_continue(). */
  signals[SIGNAL_LIMIT_REACHED] = g_signal_new ("limit-reached", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ls_run_init (LsRun *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->output);
  self->horizon = INFINITY;
  self->record_horizon = G_MAXSIZE;
  ls_limits_init (&self->limits);
}

LsRun *
ls_run_new (const char *filename,
            const char *source)
{
  LsRun *self = g_object_new (LS_TYPE_RUN, NULL);

  self->filename = g_strdup (filename);
  self->source = g_strdup (source);
  return self;
}

/* --- the worker ---------------------------------------------------------- */

static void
write_output (const char *text,
              gsize       len,
              gpointer    user_data)
{
  LsRun *self = user_data;
  OutputChunk *chunk = g_new (OutputChunk, 1);

  /* On the VM's thread, which alone appends to the trace. */
  chunk->position = ls_trace_get_n_events (self->vm->trace);
  chunk->text = g_strndup (text, len);
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->output, chunk);
  g_mutex_unlock (&self->lock);
}

static gboolean
emit_limit_reached (gpointer user_data)
{
  LsRun *self = user_data;
  LsLimitKind kind;

  g_mutex_lock (&self->lock);
  kind = self->waiting;
  g_mutex_unlock (&self->lock);
  /* Answered (or stopped) before the main loop got here: nothing to ask. */
  if (kind != LS_LIMIT_NONE)
    g_signal_emit (self, signals[SIGNAL_LIMIT_REACHED], 0, (guint) kind);
  return G_SOURCE_REMOVE;
}

/* The VM's thread, between two instructions (for the time limit, inside
 * the scheduler with its lock held): the trace is consistent and nothing
 * appends to it until this returns.  Nothing here calls into the VM or
 * waits for anything but the run's own condition, which the main thread
 * signals without ever taking an engine lock. */
static gboolean
limit_handler (LsVM        *vm,
               LsLimitKind  kind,
               LsLimits    *limits,
               gpointer     user_data)
{
  LsRun *self = user_data;
  gsize n = ls_trace_get_n_events (vm->trace);
  gboolean reached;
  gboolean go_on = FALSE;
  double horizon;

  /* The event limit doubles as the sync slice: most calls are slices. */
  if (kind == LS_LIMIT_EVENTS)
    reached = self->max_events != 0 && n >= self->max_events;
  else
    reached = TRUE;

  g_mutex_lock (&self->lock);
  if (reached && self->ask_at_limit && !self->stopping &&
      (kind == LS_LIMIT_TIME || kind == LS_LIMIT_EVENTS))
    {
      self->waiting = kind;
      self->waiting_bound = kind == LS_LIMIT_TIME ? limits->max_time : (double) self->max_events;
      self->answer = ANSWER_NONE;
      g_idle_add_full (G_PRIORITY_DEFAULT, emit_limit_reached, g_object_ref (self), g_object_unref);
    }
  for (;;)
    {
      if (self->stopping)
        break;
      if (self->want_sync)
        {
          self->parked = TRUE;
          g_cond_broadcast (&self->cond);
          while (self->parked)
            g_cond_wait (&self->cond, &self->lock);
          continue;
        }
      if (self->waiting != LS_LIMIT_NONE)
        {
          if (self->answer == ANSWER_NONE)
            {
              g_cond_wait (&self->cond, &self->lock);
              continue;
            }
          go_on = self->answer == ANSWER_CONTINUE;
          self->waiting = LS_LIMIT_NONE;
          break;
        }
      /* Far enough ahead of what the user watches: simulating further
       * would only fill memory with a future nobody has seen yet (in
       * records too: a loop of sleep(0) makes millions at one instant). */
      if (!reached && (vm->now > self->horizon || n > self->record_horizon))
        {
          g_cond_wait (&self->cond, &self->lock);
          continue;
        }
      break;
    }
  /* Stop pressed while the question was up: the user's stop, not the
   * limit's (the engine still stops it there, naming the limit). */
  if (reached && self->stopping)
    self->stopped_waiting = TRUE;
  self->waiting = LS_LIMIT_NONE;
  go_on = go_on && !self->stopping;
  horizon = self->horizon;
  g_mutex_unlock (&self->lock);

  if (reached && !go_on)
    return FALSE;

  switch (kind)
    {
    case LS_LIMIT_TIME:
      /* As if the bound had been one more setting's worth higher. */
      limits->max_time += self->limits.max_time;
      return TRUE;

    case LS_LIMIT_EVENTS:
      if (reached)
        self->max_events += self->limits.max_events;
      /* With a horizon, look at the clock more often: a loop of sleeps
       * can cover minutes of virtual time in a few thousand records. */
      limits->max_events = n + (isinf (horizon) ? SYNC_SLICE : PACED_SLICE);
      if (self->max_events != 0)
        limits->max_events = MIN (limits->max_events, self->max_events);
      return TRUE;

    case LS_LIMIT_NONE:
    case LS_LIMIT_INSTRUCTIONS:
    case LS_LIMIT_MEMORY:
    case LS_LIMIT_SOURCE:
    case LS_LIMIT_STOPPED:
    default:
      return FALSE;
    }
}

/* The last `File "<filename>", line N` of a traceback: where the scenario
 * itself raised. */
static guint
traceback_line (const char *traceback,
                const char *filename)
{
  g_autofree char *needle = g_strdup_printf ("File \"%s\", line ", filename);
  const char *at = traceback;
  guint line = 0;

  while ((at = strstr (at, needle)) != NULL)
    {
      at += strlen (needle);
      line = (guint) g_ascii_strtoull (at, NULL, 10);
    }
  return line;
}

static char *
last_line (const char *text)
{
  g_autofree char *copy = g_strchomp (g_strdup (text));
  const char *newline = strrchr (copy, '\n');

  return g_strdup (newline != NULL ? newline + 1 : copy);
}

/* After a failed run, on the worker (the VM's values are only safe here). */
static void
describe_failure (LsRun        *self,
                  const GError *error)
{
  LsVM *vm = self->vm;

  if (error != NULL)
    {
      g_autofree char *text = NULL;
      LsTraceEvent event = { 0.0, LS_TRACE_UNCAUGHT, 1, 0, 0, 0, 0, 0 };

      self->status = LS_RUN_SYNTAX_ERROR;
      self->error_line = (guint) MAX (ls_syntax_error_get_line (error), 0);
      self->message = g_strdup_printf ("%s: %s", ls_syntax_error_get_class_name (error), error->message);
      self->report = g_strdup_printf ("  File \"%s\", line %u\n%s\n", self->filename,
                                      self->error_line, self->message);
      /* As the command line does: a diagram of a program that did not
       * start says why. */
      text = g_strdup_printf (_("%s (line %u)"), self->message, self->error_line);
      event.line = self->error_line;
      event.text = ls_trace_intern (vm->trace, text);
      ls_trace_append (vm->trace, &event);
      return;
    }

  if (ls_vm_get_stop_kind (vm) != LS_LIMIT_NONE)
    {
      const char *message = ls_vm_get_stop_message (vm);
      const char *option = ls_limit_kind_get_option (ls_vm_get_stop_kind (vm));
      g_autofree char *hint = option != NULL ? g_strdup_printf ("; raise it with %s)", option) : NULL;
      gboolean stopped_waiting;

      /* A stop asked for just before a limit: the VM, flagged, stops at
       * the limit without asking (ls_vm_ask_limit_handler), and that is
       * still the user's stop. */
      g_mutex_lock (&self->lock);
      stopped_waiting = self->stopped_waiting || self->stopping;
      g_mutex_unlock (&self->lock);
      self->status = ls_vm_get_stop_kind (vm) == LS_LIMIT_STOPPED || stopped_waiting ? LS_RUN_STOPPED : LS_RUN_LIMIT;
      self->limit_kind = ls_vm_get_stop_kind (vm);
      self->error_line = ls_vm_get_stop_line (vm);
      /* The command line's advice is an option; the app's is a setting. */
      if (hint != NULL && g_str_has_suffix (message, hint))
        {
          g_autofree char *head = g_strndup (message, strlen (message) - strlen (hint));

          /* Translators: the engine's (English) message of a run stopped
           * at a limit, which already names the limit in parentheses. */
          self->message = g_strdup_printf (_("%s; raise it in Preferences)"), head);
        }
      else
        self->message = g_strdup (message);
      return;
    }

  if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_SYSTEM_EXIT]))
    {
      LsTuple *args = ((LsInstance *) vm->raised.o)->exception->args;
      LsValue code = args->len > 0 ? args->items[0] : LS_NONE;

      if (ls_is_none (code) || (ls_is_intlike (code) && ls_as_int (code) == 0))
        {
          self->status = LS_RUN_OK;
          return;
        }
    }

  if (ls_isinstance (vm, vm->raised, vm->deadlock_class))
    {
      g_autofree char *text = ls_exception_dup_last_line (vm, vm->raised);
      const char *colon = strchr (text, ':');

      self->status = LS_RUN_DEADLOCK;
      self->message = g_strdup (colon != NULL ? colon + 2 : text);
      return;
    }

  self->status = LS_RUN_EXCEPTION;
  self->report = ls_vm_format_traceback (vm, vm->raised, self->source);
  self->message = last_line (self->report);
  self->error_line = traceback_line (self->report, self->filename);
}

static gboolean
emit_finished (gpointer user_data)
{
  LsRun *self = user_data;

  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  return G_SOURCE_REMOVE;
}

static gpointer
worker (gpointer user_data)
{
  LsRun *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = ls_vm_run_main (self->vm, self->filename, self->source, strlen (self->source), &error);
  if (!ok)
    describe_failure (self, error);
  /* Interpreter shutdown joins the threads that are not daemons. */
  if (self->status != LS_RUN_DEADLOCK && self->status != LS_RUN_LIMIT &&
      self->status != LS_RUN_STOPPED && self->status != LS_RUN_SYNTAX_ERROR)
    {
      if (!ls_vm_finish_threads (self->vm))
        {
          g_clear_pointer (&self->message, g_free);
          g_clear_pointer (&self->report, g_free);
          describe_failure (self, NULL);
        }
    }
  if (self->status == LS_RUN_PENDING)
    self->status = LS_RUN_OK;

  /* The idle owns the worker's reference from here.  Added before
   * `finished` is seen, so that whoever sees it can count on the signal
   * being on its way (the tests drain the main context then). */
  g_mutex_lock (&self->lock);
  g_idle_add_full (G_PRIORITY_DEFAULT, emit_finished, self, g_object_unref);
  self->finished = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return NULL;
}

void
ls_run_start (LsRun *self)
{
  LsLimits limits;

  g_return_if_fail (LS_IS_RUN (self));
  g_return_if_fail (self->vm == NULL);

  self->vm = ls_vm_new ();
  limits = self->limits;
  self->max_events = limits.max_events;
  limits.max_events = isinf (self->horizon) ? SYNC_SLICE : PACED_SLICE;
  if (self->max_events != 0)
    limits.max_events = MIN (self->max_events, limits.max_events);
  ls_vm_set_limits (self->vm, &limits);
  ls_vm_set_limit_handler (self->vm, limit_handler, self);
  ls_vm_set_output (self->vm, write_output, self);

  self->thread = g_thread_new ("loopscope-run", worker, g_object_ref (self));
}

void
ls_run_stop (LsRun *self)
{
  g_return_if_fail (LS_IS_RUN (self));

  if (self->vm == NULL)
    return;
  g_mutex_lock (&self->lock);
  /* Under the lock, with `stopping`: whatever the VM stops at from here,
   * describe_failure (which takes the lock) sees that it was asked to. */
  ls_vm_request_stop (self->vm);
  self->stopping = TRUE;
  self->want_sync = FALSE;
  self->waiting = LS_LIMIT_NONE;
  self->parked = FALSE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

gboolean
ls_run_sync (LsRun         *self,
             gint64         timeout_us,
             LsRunSyncFunc  func,
             gpointer       user_data)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean parked;

  g_return_val_if_fail (LS_IS_RUN (self), FALSE);

  if (self->vm == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  if (self->finished)
    {
      g_mutex_unlock (&self->lock);
      func (self, self->vm->trace, user_data);
      return TRUE;
    }
  self->want_sync = TRUE;
  /* A worker waiting at the horizon parks at once. */
  g_cond_broadcast (&self->cond);
  while (!self->parked && !self->finished)
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      break;
  parked = self->parked || self->finished;
  /* Missed (a slow slice: a sanitizer build, a loaded machine): the
   * request stays, so that the worker parks at its next check and waits
   * for the next call instead of racing past every short window. */
  if (parked)
    self->want_sync = FALSE;
  g_mutex_unlock (&self->lock);

  if (!parked)
    return FALSE;

  /* The worker waits on the condition, so the trace holds still. */
  func (self, self->vm->trace, user_data);

  g_mutex_lock (&self->lock);
  self->parked = FALSE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
ls_run_set_record_horizon (LsRun *self,
                           gsize  n_records)
{
  g_return_if_fail (LS_IS_RUN (self));

  g_mutex_lock (&self->lock);
  self->record_horizon = n_records;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
ls_run_set_limits (LsRun          *self,
                   const LsLimits *limits)
{
  g_return_if_fail (LS_IS_RUN (self));
  g_return_if_fail (self->vm == NULL);

  self->limits = *limits;
}

const LsLimits *
ls_run_get_limits (LsRun *self)
{
  g_return_val_if_fail (LS_IS_RUN (self), NULL);

  return &self->limits;
}

void
ls_run_set_ask_at_limit (LsRun    *self,
                         gboolean  ask)
{
  g_return_if_fail (LS_IS_RUN (self));
  g_return_if_fail (self->vm == NULL);

  self->ask_at_limit = ask;
}

void
ls_run_continue (LsRun    *self,
                 gboolean  go_on)
{
  g_return_if_fail (LS_IS_RUN (self));

  g_mutex_lock (&self->lock);
  if (self->waiting != LS_LIMIT_NONE && self->answer == ANSWER_NONE)
    {
      self->answer = go_on ? ANSWER_CONTINUE : ANSWER_STOP;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
}

LsLimitKind
ls_run_get_waiting_limit (LsRun  *self,
                          double *bound)
{
  LsLimitKind kind;

  g_return_val_if_fail (LS_IS_RUN (self), LS_LIMIT_NONE);

  g_mutex_lock (&self->lock);
  kind = self->waiting;
  if (bound != NULL)
    *bound = self->waiting_bound;
  g_mutex_unlock (&self->lock);
  return kind;
}

void
ls_run_set_horizon (LsRun  *self,
                    double  horizon)
{
  g_return_if_fail (LS_IS_RUN (self));

  g_mutex_lock (&self->lock);
  self->horizon = horizon;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

char *
ls_run_take_output (LsRun *self,
                    gsize  position)
{
  GString *text = NULL;

  g_return_val_if_fail (LS_IS_RUN (self), NULL);

  g_mutex_lock (&self->lock);
  while (!g_queue_is_empty (&self->output))
    {
      OutputChunk *chunk = g_queue_peek_head (&self->output);

      if (chunk->position > position)
        break;
      if (text == NULL)
        text = g_string_new (NULL);
      g_string_append (text, chunk->text);
      output_chunk_free (g_queue_pop_head (&self->output));
    }
  g_mutex_unlock (&self->lock);
  return text != NULL ? g_string_free (text, FALSE) : NULL;
}

char *
ls_run_take_output_chunk (LsRun *self,
                          gsize  position,
                          gsize *written_at)
{
  OutputChunk *chunk;
  char *text = NULL;

  g_return_val_if_fail (LS_IS_RUN (self), NULL);

  g_mutex_lock (&self->lock);
  chunk = g_queue_peek_head (&self->output);
  if (chunk != NULL && chunk->position <= position)
    {
      chunk = g_queue_pop_head (&self->output);
      *written_at = chunk->position;
      text = g_steal_pointer (&chunk->text);
      output_chunk_free (chunk);
    }
  g_mutex_unlock (&self->lock);
  return text;
}

gboolean
ls_run_is_finished (LsRun *self)
{
  gboolean finished;

  g_return_val_if_fail (LS_IS_RUN (self), FALSE);

  g_mutex_lock (&self->lock);
  finished = self->finished;
  g_mutex_unlock (&self->lock);
  return finished;
}

gboolean
ls_run_is_running (LsRun *self)
{
  return self->vm != NULL && !ls_run_is_finished (self);
}

LsRunStatus
ls_run_get_status (LsRun *self)
{
  return ls_run_is_finished (self) ? self->status : LS_RUN_PENDING;
}

LsLimitKind
ls_run_get_limit_kind (LsRun *self)
{
  return ls_run_is_finished (self) ? self->limit_kind : LS_LIMIT_NONE;
}

const char *
ls_run_get_message (LsRun *self)
{
  return ls_run_is_finished (self) ? self->message : NULL;
}

const char *
ls_run_get_report (LsRun *self)
{
  return ls_run_is_finished (self) ? self->report : NULL;
}

guint
ls_run_get_error_line (LsRun *self)
{
  return ls_run_is_finished (self) ? self->error_line : 0;
}

LsTrace *
ls_run_get_trace (LsRun *self)
{
  return self->vm != NULL ? self->vm->trace : NULL;
}

const char *
ls_run_get_filename (LsRun *self)
{
  return self->filename;
}
