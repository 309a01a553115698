/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-window.c: the main window — the program on the left, the timeline
 * of its run and its output on the right.  The actions live in
 * ls-window-actions.c, the run itself in ls-run.c. */

#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ls-examples.h"
#include "ls-window-draft.h"
#include "ls-window-limits.h"
#include "ls-window-private.h"

/* How long a frame may wait for the worker to reach a point where the
 * trace can be read: a small share of a 60 Hz frame. */
#define SYNC_TIMEOUT_US 3000

#define MAX_CONSOLE_LINES 5000

/* Records shown a frame at most: the model, the view and the console do
 * work for each, and a program that makes millions (a huge or endless
 * run at instant speed) must not freeze the window while they catch up.
 * The bound adapts to what a frame's work costs on this machine, for
 * about FRAME_WORK_US of it (as Sysprof fills its series a millisecond
 * or so a frame), within these bounds. */
#define FRAME_WORK_US 6000
#define MIN_RECORDS_PER_FRAME 2000
#define MAX_RECORDS_PER_FRAME 1000000
/* How far the run may compute ahead of what is shown, in frames of
 * records (the horizon bounds it in virtual time): what a Stop still has
 * to show. */
#define FRAMES_AHEAD 8

G_DEFINE_FINAL_TYPE (LsWindow, ls_window, ADW_TYPE_APPLICATION_WINDOW)

void
ls_window_toast (LsWindow   *self,
                 const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
ls_window_update_style_scheme (LsWindow *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style_manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

void
ls_window_update_title (LsWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  gboolean modified = gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer));

  if (self->file != NULL)
    name = g_file_get_basename (self->file);
  else
    name = g_strdup (_("New Program"));

  /* A dot, as GNOME Text Editor marks unsaved edits. */
  subtitle = modified ? g_strdup_printf ("• %s", name) : g_strdup (name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  /* The window manager and the task switcher see only this one. */
  title = g_strdup_printf ("%s — Loopscope", subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
ls_window_select_line (LsWindow *self,
                       guint     line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter iter;

  if (line == 0)
    return;
  gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) line - 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &iter, 0.1, FALSE, 0, 0.3);
}

void
ls_window_set_file (LsWindow   *self,
                    GFile      *file,
                    const char *text)
{
  GtkTextIter start;

  g_set_object (&self->file, file);

  /* Loading is not an edit the user can undo. */
  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text, -1);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &start);

  ls_window_update_title (self);
}

static void
ls_window_load_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(LsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* GIO's own messages repeat the full path; say the common cases
       * plainly and keep its text for the rest. */
      name = g_file_get_parse_name (file);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        message = g_strdup_printf (_("“%s” does not exist"), name);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        message = g_strdup_printf (_("You are not allowed to read “%s”"), name);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        message = g_strdup_printf (_("“%s” is a folder"), name);
      else
        message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);
      ls_window_toast (self, message);
      return;
    }

  /* GtkTextBuffer takes UTF-8 only, and a scenario is text: say so rather
   * than show mojibake. */
  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_autofree char *message = NULL;

      name = g_file_get_basename (file);
      message = g_strdup_printf (_("“%s” is not UTF-8 text"), name);
      ls_window_toast (self, message);
      return;
    }

  ls_window_set_file (self, file, contents);

  /* Examples are not worth remembering; files on disk are where the next
   * Open dialog should start. */
  if (g_file_is_native (file))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
      GSettings *settings = NULL;

      if (LS_IS_APPLICATION (app))
        settings = ls_application_get_settings (LS_APPLICATION (app));
      if (settings != NULL)
        {
          g_autofree char *uri = g_file_get_uri (file);

          g_settings_set_string (settings, "last-file", uri);
        }
    }

  /* A program opened is a program to watch. */
  ls_window_run (self);
}

void
ls_window_open_file (LsWindow *self,
                     GFile    *file)
{
  g_return_if_fail (LS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  g_file_load_contents_async (file, self->load_cancellable,
                              ls_window_load_cb, g_object_ref (self));
}

void
ls_window_open_example (LsWindow   *self,
                        const char *name)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (LS_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  file = ls_examples_dup_file (name);
  if (file == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is no example called “%s”"), name);

      ls_window_toast (self, message);
      return;
    }

  ls_window_open_file (self, file);
}

void
ls_window_open_default_example (LsWindow *self)
{
  g_autofree char *name = ls_examples_dup_default_name ();

  ls_window_open_example (self, name);
}

void
ls_window_open_last_file (LsWindow *self)
{
  GtkApplication *app;
  GSettings *settings = NULL;
  g_autofree char *uri = NULL;

  g_return_if_fail (LS_IS_WINDOW (self));

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (LS_IS_APPLICATION (app))
    settings = ls_application_get_settings (LS_APPLICATION (app));
  if (settings != NULL)
    uri = g_settings_get_string (settings, "last-file");
  if (uri != NULL && uri[0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);

      /* A local stat: quick enough at start, and a file moved or deleted
       * since falls back to the example rather than to an error toast. */
      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_REGULAR)
        {
          ls_window_open_file (self, file);
          return;
        }
    }
  ls_window_open_default_example (self);
}

/* --- the run ------------------------------------------------------------- */

static void
clear_error (LsWindow *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  gtk_text_buffer_remove_tag (GTK_TEXT_BUFFER (self->buffer), self->error_tag, &start, &end);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  self->error_line = 0;
}

static void
show_error (LsWindow   *self,
            const char *message,
            guint       line)
{
  g_autofree char *text = NULL;

  self->error_line = line;
  if (line > 0)
    {
      GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_line (buffer, &start, (int) line - 1);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
      /* Translators: an error of the program, then the line it happened on. */
      text = g_strdup_printf (_("%s (line %u)"), message, line);
    }
  else
    text = g_strdup (message);
  gtk_label_set_text (self->error_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-error", line > 0);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

/* What the program printed after the cursor is dimmed: scrubbing back
 * shows the output so far, with what is still to come in sight. */
static void
filter_console (LsWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->console_view);
  double cursor = ls_timeline_view_get_cursor (self->timeline_view);
  GtkTextIter start, end;
  guint lo = 0, hi = self->console_chunks->len;
  gint64 from;

  /* the first chunk printed after the cursor */
  while (!isnan (cursor) && lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->console_chunks, ConsoleChunk, mid).time <= cursor)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (isnan (cursor) || lo == self->console_chunks->len)
    from = G_MAXINT64;   /* nothing is later */
  else
    from = MAX ((lo > 0 ? g_array_index (self->console_chunks, ConsoleChunk, lo - 1).end : 0) - self->console_trimmed, 0);
  /* The cursor moves every frame while a run plays: touch the buffer
   * only when what is dimmed changes. */
  if (from == self->console_dimmed_from && from == G_MAXINT64)
    return;
  self->console_dimmed_from = from;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->later_tag, &start, &end);
  if (from == G_MAXINT64)
    return;
  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) from);
  gtk_text_buffer_apply_tag (buffer, self->later_tag, &start, &end);
}

static void
append_console_chunks (LsWindow           *self,
                       const char         *text,
                       const ConsoleChunk *chunks,
                       guint               n_chunks)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->console_view);
  GtkTextIter end;
  double cursor;
  double latest = -INFINITY;
  /* Where `text` begins, counting what was trimmed: `chunks` end there
   * plus their own offsets, however much of it is trimmed below. */
  gint64 base = self->console_trimmed + gtk_text_buffer_get_char_count (buffer);

  GtkTextMark *mark;
  int n_lines;
  const char *text_end = text + strlen (text);
  const char *tail = text_end;

  /* More lines than the console keeps: only the last ones go in (what
   * the trimming below would leave), counted as trimmed. */
  for (int n = 0; tail > text; tail--)
    if (tail[-1] == '\n' && tail != text_end && ++n >= MAX_CONSOLE_LINES)
      break;
  if (tail > text)
    {
      self->console_trimmed += gtk_text_buffer_get_char_count (buffer) + g_utf8_strlen (text, tail - text);
      gtk_text_buffer_set_text (buffer, "", 0);
      text = tail;
    }

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  for (guint i = 0; i < n_chunks; i++)
    {
      ConsoleChunk chunk = { chunks[i].time, base + chunks[i].end };

      g_array_append_val (self->console_chunks, chunk);
      latest = MAX (latest, chunk.time);
    }
  cursor = ls_timeline_view_get_cursor (self->timeline_view);
  if (!isnan (cursor) && latest > cursor)
    filter_console (self);

  /* GtkTextView slows down with hundreds of thousands of lines, and a
   * program that prints forever would get there: keep the last ones (the
   * trace has every print, for the timeline and the exports). */
  n_lines = gtk_text_buffer_get_line_count (buffer);
  if (n_lines > MAX_CONSOLE_LINES)
    {
      GtkTextIter start, cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut, n_lines - MAX_CONSOLE_LINES);
      self->console_trimmed += gtk_text_iter_get_offset (&cut);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }

  /* scroll_to_iter would need the lines measured first; a mark waits
   * until they are. */
  mark = gtk_text_buffer_get_mark (buffer, "ls-end");
  gtk_text_buffer_get_end_iter (buffer, &end);
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "ls-end", &end, FALSE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &end);
  gtk_text_view_scroll_mark_onscreen (self->console_view, mark);
}

static void
append_console (LsWindow   *self,
                const char *text,
                double      time)
{
  ConsoleChunk chunk = { time, g_utf8_strlen (text, -1) };

  append_console_chunks (self, text, &chunk, 1);
}

typedef struct
{
  LsWindow *self;
  double    until;
  gsize     max;
  gsize     copied;
  gboolean  done;     /* the run had finished: nothing more will come */
  gsize     behind;   /* records of the run not shown yet */
  gsize     computed; /* records of the run */
} Copy;

/* Inside ls_run_sync: the worker is parked, the run's trace holds still. */
static void
read_trace (LsRun    *run,
            LsTrace  *trace,
            gpointer  user_data)
{
  Copy *copy = user_data;
  LsWindow *self = copy->self;

  /* Read before copying: if the run had finished, whatever is copied now
   * is all there will ever be. */
  copy->done = ls_run_is_finished (run);
  copy->copied = ls_playback_copy (self->playback, trace, copy->until, copy->max, NULL);
  copy->behind = ls_playback_get_n_behind (self->playback, trace);
  copy->computed = ls_trace_get_n_events (trace);
  if (copy->copied > 0 || self->model == NULL)
    ls_timeline_model_update (self->model);
}

static gboolean
playback_is_over (LsWindow *self)
{
  return self->run == NULL || self->end_shown;
}

static void
update_status (LsWindow *self)
{
  g_autofree char *text = NULL;
  double end = self->model != NULL ? ls_timeline_model_get_end_time (self->model) : 0;
  guint n_tasks = self->model != NULL ? ls_timeline_model_get_n_tasks (self->model, FALSE) : 0;

  if (self->run == NULL)
    text = g_strdup ("");
  else if (!playback_is_over (self))
    {
      double shown = self->speed > 0 ? self->play_time : end;

      if (self->paused)
        text = g_strdup_printf (_("Paused at %.3f s"), shown);
      else if (ls_run_get_waiting_limit (self->run, NULL) != LS_LIMIT_NONE)
        /* The run asks whether to go on (ls-window-limits.c). */
        text = g_strdup_printf (_("Waiting at a limit at %.3f s"), shown);
      else
        text = g_strdup_printf (_("Running… %.3f s"), shown);
    }
  else
    switch (ls_run_get_status (self->run))
      {
      case LS_RUN_OK:
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Finished at %.3f s, %u task",
                                             "Finished at %.3f s, %u tasks", n_tasks),
                                end, n_tasks);
        break;
      case LS_RUN_STOPPED:
        text = g_strdup_printf (_("Stopped at %.3f s"), end);
        break;
      case LS_RUN_SYNTAX_ERROR:
        text = g_strdup (_("The program has a syntax error"));
        break;
      case LS_RUN_DEADLOCK:
        text = g_strdup_printf (_("Deadlock at %.3f s"), end);
        break;
      case LS_RUN_LIMIT:
        text = g_strdup_printf (_("Stopped by a limit at %.3f s"), end);
        break;
      case LS_RUN_EXCEPTION:
      case LS_RUN_PENDING:
      default:
        text = g_strdup_printf (_("Failed at %.3f s"), end);
        break;
      }
  gtk_label_set_text (self->status_label, text);
}

static void
stop_ticking (LsWindow *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

/* The playback reached the end of a finished run: say how it ended. */
static void
show_end (LsWindow *self)
{
  LsRun *run = self->run;
  const char *message = ls_run_get_message (run);

  self->end_shown = TRUE;
  stop_ticking (self);
  ls_timeline_model_set_live_time (self->model, NAN);
  ls_timeline_view_model_changed (self->timeline_view);
  /* The live head is no instant of interest once the run is over: the
   * cursor goes where the user clicks. */
  ls_timeline_view_set_cursor (self->timeline_view, NAN);

  switch (ls_run_get_status (run))
    {
    case LS_RUN_OK:
    case LS_RUN_PENDING:
    case LS_RUN_STOPPED:
      /* Stopped: the user asked for it, no alarm. */
      break;
    case LS_RUN_EXCEPTION:
    case LS_RUN_SYNTAX_ERROR:
      if (ls_run_get_report (run) != NULL)
        append_console (self, ls_run_get_report (run), ls_timeline_model_get_end_time (self->model));
      G_GNUC_FALLTHROUGH;
    case LS_RUN_DEADLOCK:
    case LS_RUN_LIMIT:
    default:
      show_error (self, message != NULL ? message : _("The program failed"), ls_run_get_error_line (run));
      break;
    }
  update_status (self);
  ls_window_update_actions (self);
}

/* What was printed before the records shown so far, each write at the
 * time it was printed (the time of the last record before it). */
static void
show_output (LsWindow *self,
             gboolean  all)
{
  LsTrace *shown = ls_playback_get_trace (self->playback);
  gsize n_shown = ls_trace_get_n_events (shown);
  gsize written_at = 0;
  g_autoptr(GString) all_text = g_string_new (NULL);
  g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (ConsoleChunk));
  gint64 n_chars = 0;
  char *text;

  /* One insertion a frame, however many writes: a loop that prints
   * 100,000 lines would otherwise cost the text view 100,000 insertions
   * of tens of microseconds each, seconds of frozen window.  The writes
   * of one instant make one chunk. */
  while ((text = ls_run_take_output_chunk (self->run, all ? G_MAXSIZE : n_shown, &written_at)) != NULL)
    {
      gsize before = MIN (written_at, n_shown);
      LsTraceEvent last;
      double time = before > 0 && ls_trace_get_event (shown, before - 1, &last) ? last.time : 0;

      g_string_append (all_text, text);
      n_chars += g_utf8_strlen (text, -1);
      if (chunks->len > 0 && g_array_index (chunks, ConsoleChunk, chunks->len - 1).time == time)
        g_array_index (chunks, ConsoleChunk, chunks->len - 1).end = n_chars;
      else
        {
          ConsoleChunk chunk = { time, n_chars };

          g_array_append_val (chunks, chunk);
        }
      g_free (text);
    }
  if (chunks->len > 0)
    append_console_chunks (self, all_text->str, (const ConsoleChunk *) (gpointer) chunks->data, chunks->len);
}

/* Copies what the shown time has reached (at most `max` records) and
 * shows it; at the end of a finished run, shows how it ended. */
static void
catch_up (LsWindow *self,
          gint64    timeout_us,
          gsize     max)
{
  Copy copy = { self, self->speed > 0 && !self->flush ? self->play_time : INFINITY, max, 0, FALSE, 1, 0 };

  if (self->run == NULL || self->end_shown)
    return;
  if (ls_run_sync (self->run, timeout_us, read_trace, &copy))
    {
      if (ls_timeline_view_get_model (self->timeline_view) == NULL &&
          (ls_timeline_model_get_n_lanes (self->model) > 1 || (copy.done && copy.behind == 0)))
        ls_timeline_view_set_model (self->timeline_view, self->model);
      /* Open bars and the axis reach the instant shown, not only the
       * last record: a long sleep grows as it is watched. */
      double end_before = ls_timeline_model_get_end_time (self->model);

      ls_timeline_model_set_live_time (self->model, self->speed > 0 && !self->flush && isfinite (self->play_time)
                                                    ? self->play_time : NAN);
      if (copy.copied > 0 || ls_timeline_model_get_end_time (self->model) != end_before)
        ls_timeline_view_model_changed (self->timeline_view);
      show_output (self, copy.done && copy.behind == 0);
      ls_timeline_view_set_cursor (self->timeline_view,
                                   self->speed > 0 ? self->play_time : ls_timeline_model_get_end_time (self->model));
    }
  /* Keep the simulation a little ahead of what is shown, no further. */
  ls_run_set_horizon (self->run, self->speed > 0 && !self->flush ? self->play_time + MAX (1.0, 2 * self->speed) : INFINITY);
  if (copy.computed > 0)
    ls_run_set_record_horizon (self->run, copy.computed - copy.behind + FRAMES_AHEAD * self->records_per_frame);
  if (copy.done && copy.behind == 0)
    show_end (self);
  else
    update_status (self);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  LsWindow *self = LS_WINDOW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  self->n_ticks++;
  if (!self->paused && self->speed > 0 && self->last_frame != 0)
    /* A stalled frame (a busy machine) does not make the playback jump. */
    self->play_time += MIN (now - self->last_frame, 100000) / 1e6 * self->speed;
  self->last_frame = now;
  {
    LsTrace *shown = self->playback != NULL ? ls_playback_get_trace (self->playback) : NULL;
    gsize before = shown != NULL ? ls_trace_get_n_events (shown) : 0;
    gint64 started = g_get_monotonic_time ();
    gint64 took;

    catch_up (self, SYNC_TIMEOUT_US, self->paused ? 0 : self->records_per_frame);
    took = g_get_monotonic_time () - started;
    /* More a frame while frames are cheap, fewer as soon as they are not:
     * the window never does more than a few frames' worth of work. */
    if (shown != NULL && ls_trace_get_n_events (shown) - before >= self->records_per_frame &&
        took < FRAME_WORK_US)
      self->records_per_frame = MIN (self->records_per_frame * 3 / 2, MAX_RECORDS_PER_FRAME);
    else if (took > 2 * FRAME_WORK_US)
      self->records_per_frame = MAX (self->records_per_frame / 2, MIN_RECORDS_PER_FRAME);
  }
  return G_SOURCE_CONTINUE;
}

static void
run_finished_cb (LsRun    *run,
                 LsWindow *self)
{
  if (run != self->run)
    return;
  /* At instant speed everything shows now; else the playback goes on. */
  catch_up (self, 0, self->paused ? 0 : self->records_per_frame);
  ls_window_update_actions (self);
}

static void
detach_run (LsWindow *self)
{
  stop_ticking (self);
  /* The view borrows the model, the model borrows the shown trace. */
  ls_timeline_view_set_model (self->timeline_view, NULL);
  g_clear_pointer (&self->model, ls_timeline_model_free);
  g_clear_pointer (&self->playback, ls_playback_free);
  if (self->run != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->run, self);
      ls_run_stop (self->run);
    }
  g_clear_object (&self->run);
}

void
ls_window_run (LsWindow *self)
{
  g_autofree char *source = NULL;
  g_autofree char *filename = NULL;
  GtkTextIter start, end;

  g_return_if_fail (LS_IS_WINDOW (self));

  detach_run (self);
  clear_error (self);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->console_view), "", -1);
  g_array_set_size (self->console_chunks, 0);
  self->console_trimmed = 0;
  self->console_dimmed_from = G_MAXINT64;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  source = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
  filename = self->file != NULL ? g_file_get_basename (self->file) : g_strdup ("untitled.py");

  self->playback = ls_playback_new ();
  self->model = ls_timeline_model_new (ls_playback_get_trace (self->playback));
  /* The view gets the model once there is something to draw (see
   * catch_up): an empty model draws "the program ran no asyncio code",
   * which is no news while the first task is still to come. */
  self->play_time = 0;
  self->last_frame = 0;
  self->paused = FALSE;
  self->flush = FALSE;
  self->end_shown = FALSE;

  self->run = ls_run_new (filename, source);
  ls_window_limits_prepare_run (self, self->run);
  g_signal_connect (self->run, "finished", G_CALLBACK (run_finished_cb), self);
  ls_run_set_horizon (self->run, self->speed > 0 ? MAX (1.0, 2 * self->speed) : INFINITY);
  ls_run_start (self->run);
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  update_status (self);
  ls_window_update_actions (self);
}

/* One more record of the run, paused: single-stepping event by event. */
void
ls_window_step (LsWindow *self)
{
  g_return_if_fail (LS_IS_WINDOW (self));

  if (self->run == NULL || self->end_shown)
    return;
  ls_window_set_paused (self, TRUE);
  /* The next record's time becomes the shown time; a running worker gets
   * a moment to reach a point where the trace can be read. */
  self->play_time = INFINITY;
  catch_up (self, 50000, 1);
  self->play_time = self->model != NULL ? ls_timeline_model_get_end_time (self->model) : 0;
  ls_timeline_view_set_cursor (self->timeline_view, self->play_time);
}

void
ls_window_set_paused (LsWindow *self,
                      gboolean  paused)
{
  g_return_if_fail (LS_IS_WINDOW (self));

  self->paused = paused;
  gtk_button_set_icon_name (self->pause_button,
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Resume") : _("Pause"));
  update_status (self);
}

void
ls_window_set_speed (LsWindow *self,
                     double    speed)
{
  g_return_if_fail (LS_IS_WINDOW (self));

  /* From instant to a finite speed: go on from what is shown. */
  if (self->speed <= 0 && speed > 0 && self->model != NULL)
    self->play_time = ls_timeline_model_get_end_time (self->model);
  self->speed = MAX (speed, 0);
  ls_window_update_speed_dropdown (self);
}

double
ls_window_get_speed (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), 0);

  return self->speed;
}

gboolean
ls_window_is_playing (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), FALSE);

  return self->run != NULL && !self->end_shown;
}

LsTrace *
ls_window_get_shown_trace (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  return self->playback != NULL ? ls_playback_get_trace (self->playback) : NULL;
}

void
ls_window_stop (LsWindow *self)
{
  g_return_if_fail (LS_IS_WINDOW (self));

  if (!ls_window_is_playing (self))
    return;
  /* The engine stops within a fraction of a millisecond of scenario
   * work (at most a little past the shown time: see the horizon); what
   * it computed then shows at once, and "finished" says where it ended. */
  ls_run_stop (self->run);
  self->flush = TRUE;
  ls_window_set_paused (self, FALSE);
  catch_up (self, SYNC_TIMEOUT_US, self->records_per_frame);
  ls_window_update_actions (self);
}

/* The inspector follows the cursor: the state of every task then, the
 * loop's queues, the threads. */
static void
update_inspector (LsWindow *self)
{
  LsTimelineView *view = self->timeline_view;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->inspector_view);
  g_autofree char *text = NULL;
  double cursor = ls_timeline_view_get_cursor (view);

  self->inspector_stale = FALSE;

  if (isnan (cursor))
    text = g_strdup (_("Click the timeline, or press Left and Right there, to see the state of every task at that instant."));
  else
    text = ls_timeline_view_describe_instant (view, cursor);
  gtk_text_buffer_set_text (buffer, text, -1);
  /* Headings are the lines that are not indented (the first one says the
   * instant): bold, so that the sections read at a glance. */
  if (!isnan (cursor))
    for (int line = 0; line < gtk_text_buffer_get_line_count (buffer); line++)
      {
        GtkTextIter start, end;

        gtk_text_buffer_get_iter_at_line (buffer, &start, line);
        if (gtk_text_iter_ends_line (&start) || gtk_text_iter_get_char (&start) == ' ')
          continue;
        end = start;
        gtk_text_iter_forward_to_line_end (&end);
        gtk_text_buffer_apply_tag_by_name (buffer, "ls-heading", &start, &end);
      }
}

static void
cursor_changed_cb (LsTimelineView *view,
                   LsWindow       *self)
{
  /* The cursor moves every frame while a run plays: describe the instant
   * only when the inspector is on screen (or asked for), not behind the
   * console. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->inspector_view)))
    update_inspector (self);
  else
    self->inspector_stale = TRUE;
  filter_console (self);
}

static void
inspector_mapped_cb (LsWindow *self)
{
  if (self->inspector_stale)
    update_inspector (self);
}

static void
event_activated_cb (LsTimelineView *view,
                    guint           event,
                    guint           line,
                    LsWindow       *self)
{
  ls_window_select_line (self, line);
}

/* --- closing ------------------------------------------------------------- */

static void
close_now (LsWindow *self,
           gpointer  data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
ls_window_close_request (GtkWindow *window)
{
  LsWindow *self = LS_WINDOW (window);

  if (!self->close_confirmed && gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer)))
    {
      ls_window_confirm_discard (self, close_now, NULL, NULL);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (ls_window_parent_class)->close_request (window);
}

/* --- GObject ------------------------------------------------------------- */

static void
ls_window_dispose (GObject *object)
{
  LsWindow *self = LS_WINDOW (object);

  /* While the buffer and the file are still there. */
  ls_window_draft_dispose (self, self->close_confirmed);
  if (self->timeline_view != NULL)
    detach_run (self);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->file);
  g_clear_pointer (&self->console_chunks, g_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), LS_TYPE_WINDOW);

  G_OBJECT_CLASS (ls_window_parent_class)->dispose (object);
}

static void
ls_window_class_init (LsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ls_window_dispose;
  window_class->close_request = ls_window_close_request;

  /* The template names these types; make sure they are registered. */
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);
  g_type_ensure (LS_TYPE_TIMELINE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ls-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, console_paned);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, source_view);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, buffer);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, examples_menu);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, console_view);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, inspector_view);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LsWindow, pause_button);

  ls_window_class_install_actions (widget_class);
}

static void
ls_window_init (LsWindow *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  g_autoptr(GMenuModel) examples = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  ls_window_draft_init (self);
  self->records_per_frame = 20000;

  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages, "python3"));

  ls_window_update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (ls_window_update_style_scheme), self,
                           G_CONNECT_SWAPPED);

  /* The line of an error: underlined as spell checkers do, and tinted so
   * that it shows in the gutter's reach too. */
  self->error_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "ls-error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                "paragraph-background-rgba",
                                                &(GdkRGBA) { 0.88, 0.11, 0.14, 0.18 },
                                                NULL);
  /* Grey with some transparency reads as dimmed on light and dark alike. */
  self->console_chunks = g_array_new (FALSE, FALSE, sizeof (ConsoleChunk));
  self->console_dimmed_from = G_MAXINT64;
  self->later_tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->console_view), "ls-later",
                                                "foreground-rgba", &(GdkRGBA) { 0.5, 0.5, 0.5, 0.55 },
                                                NULL);
  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->inspector_view), "ls-heading",
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  g_signal_connect_swapped (self->buffer, "modified-changed",
                            G_CALLBACK (ls_window_update_title), self);
  g_signal_connect (self->timeline_view, "event-activated",
                    G_CALLBACK (event_activated_cb), self);
  g_signal_connect (self->timeline_view, "cursor-changed",
                    G_CALLBACK (cursor_changed_cb), self);
  g_signal_connect_swapped (self->inspector_view, "map",
                            G_CALLBACK (inspector_mapped_cb), self);
  update_inspector (self);

  examples = ls_examples_create_menu ("win.open-example");
  g_menu_append_section (self->examples_menu, NULL, examples);

  ls_window_update_title (self);
  ls_window_update_actions (self);
}

LsWindow *
ls_window_new (LsApplication *application)
{
  LsWindow *self;
  GSettings *settings;

  g_return_val_if_fail (LS_IS_APPLICATION (application), NULL);

  self = g_object_new (LS_TYPE_WINDOW, "application", application, NULL);

  settings = ls_application_get_settings (application);
  if (settings != NULL)
    {
      g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "pane-position", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "console-position", self->console_paned, "position", G_SETTINGS_BIND_DEFAULT);
    }
  /* Needs the application: the speed is a setting. */
  ls_window_init_speed (self);

  return self;
}

/**
 * ls_window_get_file:
 *
 * Returns: (transfer none) (nullable): the file shown, %NULL until one
 *   has loaded.
 */
GFile *
ls_window_get_file (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * ls_window_get_buffer:
 *
 * Returns: (transfer none): the buffer holding the program's source.
 */
GtkSourceBuffer *
ls_window_get_buffer (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  return self->buffer;
}

LsRun *
ls_window_get_run (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  return self->run;
}

LsTimelineModel *
ls_window_get_model (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  return self->model;
}

LsTimelineView *
ls_window_get_timeline_view (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  return self->timeline_view;
}

char *
ls_window_dup_inspector_text (LsWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  if (self->inspector_stale)
    update_inspector (self);
  buffer = gtk_text_view_get_buffer (self->inspector_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
ls_window_dup_console_text (LsWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->console_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
ls_window_dup_console_text_so_far (LsWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (LS_IS_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->console_view);
  gtk_text_buffer_get_start_iter (buffer, &start);
  end = start;
  if (!gtk_text_iter_starts_tag (&end, self->later_tag))
    gtk_text_iter_forward_to_tag_toggle (&end, self->later_tag);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

guint64
ls_window_get_n_ticks (LsWindow *self)
{
  g_return_val_if_fail (LS_IS_WINDOW (self), 0);

  return self->n_ticks;
}

guint
ls_window_get_cursor_line (LsWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_val_if_fail (LS_IS_WINDOW (self), 0);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return (guint) gtk_text_iter_get_line (&iter) + 1;
}
