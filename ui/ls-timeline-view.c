/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-timeline-view.c: the timeline widget (see ls-timeline-view.h). */

#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ls-timeline-painter.h"
#include "ls-timeline-view.h"

#define MIN_SPAN 1e-6

struct _LsTimelineView
{
  GtkWidget          parent_instance;

  LsTimelineModel   *model;
  LsTimelineLayout  *layout;
  LsTimelinePainter *painter;
  gboolean           dark;

  /* The visible range asked for; NAN: the start / the end of the run. */
  double             from;
  double             to;
  double             cursor;
  double             pointer_x;

  LsTimelineHitKind  selected_kind;
  guint              selected_lane;
  guint              selected_index;
};

G_DEFINE_FINAL_TYPE (LsTimelineView, ls_timeline_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_EVENT_ACTIVATED,
  SIGNAL_CURSOR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Everything geometric happens here, never in snapshot(). */
static void
relayout (LsTimelineView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->layout == NULL)
    return;
  ls_timeline_layout_set_width (self->layout, MAX (width, 200));
  ls_timeline_layout_set_range (self->layout, self->from, self->to);
  ls_timeline_layout_update (self->layout);
}

static void
ensure_painter (LsTimelineView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  if (self->painter != NULL && dark == self->dark)
    return;
  g_clear_pointer (&self->painter, ls_timeline_painter_free);
  self->dark = dark;
  self->painter = ls_timeline_painter_new (dark);
  if (self->layout != NULL)
    ls_timeline_painter_attach (self->painter, self->layout);
}

static void
style_changed (LsTimelineView *self)
{
  ensure_painter (self);
  relayout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ls_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  LsTimelineView *self = LS_TIMELINE_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->layout == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ls_timeline_painter_draw (self->painter, self->layout, cr);

  /* The selection: a ring around the mark or the bar. */
  if (self->selected_kind != LS_HIT_NONE &&
      self->selected_lane < ls_timeline_model_get_n_lanes (self->model) &&
      ls_timeline_layout_row_for_lane (self->layout, self->selected_lane) != G_MAXUINT)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, self->selected_lane);
      const LsTimelineRow *row = ls_timeline_layout_get_row (self->layout,
                                                             ls_timeline_layout_row_for_lane (self->layout, self->selected_lane));
      double x1 = 0, x2 = 0;

      if (self->selected_kind == LS_HIT_MARK && self->selected_index < lane->marks->len)
        {
          const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, self->selected_index);

          x1 = ls_timeline_layout_x (self->layout, mark->time, mark->pos) - 5;
          x2 = x1 + 10;
        }
      else if (self->selected_kind == LS_HIT_INTERVAL && self->selected_index < lane->intervals->len)
        ls_timeline_layout_interval_x (self->layout,
                                       &g_array_index (lane->intervals, LsTimelineInterval, self->selected_index),
                                       &x1, &x2);
      if (x2 > x1)
        {
          cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
          cairo_set_line_width (cr, 2);
          cairo_rectangle (cr, x1 - 2, row->bar_y - 3, x2 - x1 + 4, row->bar_height + 6);
          cairo_stroke (cr);
        }
    }

  /* The cursor: the current instant, across the rows. */
  if (!isnan (self->cursor))
    {
      double x = ls_timeline_layout_x_for_time (self->layout, self->cursor);

      if (x >= ls_timeline_layout_get_plot_x (self->layout) - 1 &&
          x <= ls_timeline_layout_get_plot_x (self->layout) + ls_timeline_layout_get_plot_width (self->layout) + 1)
        {
          cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, round (x) + 0.5, ls_timeline_layout_get_axis_y (self->layout));
          cairo_line_to (cr, round (x) + 0.5, ls_timeline_layout_get_rows_bottom (self->layout));
          cairo_stroke (cr);
        }
    }

  cairo_destroy (cr);
}

static void
ls_timeline_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  LsTimelineView *self = LS_TIMELINE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 600;
      return;
    }
  *minimum = *natural = self->layout != NULL ? (int) ceil (ls_timeline_layout_get_height (self->layout)) : 100;
}

static void
ls_timeline_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  LsTimelineView *self = LS_TIMELINE_VIEW (widget);
  double before = self->layout != NULL ? ls_timeline_layout_get_height (self->layout) : 0;

  relayout (self);
  /* The rows' height depends on the width (notes wrap); ask again. */
  if (self->layout != NULL && fabs (ls_timeline_layout_get_height (self->layout) - before) >= 1)
    gtk_widget_queue_resize (widget);
}

/* --- words for what the timeline shows ----------------------------------- */

static const char *
state_words (LsTimelineState state)
{
  switch (state)
    {
    case LS_STATE_SCHEDULED: return _("ready to run");
    case LS_STATE_RUNNING:   return _("running");
    case LS_STATE_WAITING:   return _("waiting");
    case LS_STATE_DONE:      return _("done");
    case LS_STATE_FAILED:    return _("failed");
    case LS_STATE_CANCELLED: return _("cancelled");
    case LS_STATE_BLOCKED:   return _("blocked");
    case LS_STATE_IDLE:      return _("idle");
    case LS_N_STATES:
    default:                 return "";
    }
}

static char *
lane_title (LsTimelineView       *self,
            const LsTimelineLane *lane)
{
  const char *name = ls_timeline_model_get_string (self->model, lane->name);
  const char *detail = ls_timeline_model_get_string (self->model, lane->detail);

  if (lane->kind == LS_LANE_LOOP)
    return g_strdup (_("The event loop"));
  if (detail != NULL && detail[0] != '\0')
    return g_strdup_printf ("%s %s", name, detail);
  return g_strdup (name);
}

static guint
event_line (LsTimelineView *self,
            guint32         event)
{
  LsTrace *trace = ls_timeline_model_get_trace (self->model);

  if (trace == NULL || event >= ls_trace_get_n_events (trace))
    return 0;
  return ls_trace_get_event (trace, event)->line;
}

/* The scenario line worth naming for a bar.  Task steps are recorded with
 * the line of the outermost scenario frame (asyncio.run's), not the await
 * the task stopped at, so they name none until the trace carries it. */
static guint
interval_line (LsTimelineView           *self,
               const LsTimelineInterval *interval)
{
  LsTrace *trace = ls_timeline_model_get_trace (self->model);
  const LsTraceEvent *event;

  if (trace == NULL || interval->event >= ls_trace_get_n_events (trace))
    return 0;
  event = ls_trace_get_event (trace, interval->event);
  if (event->kind == LS_TRACE_STEP_START || event->kind == LS_TRACE_STEP_END)
    return 0;
  return event->line;
}

static void
append_line (GString *text,
             guint    line)
{
  if (line > 0)
    /* Translators: appended to a description of a timeline event. */
    g_string_append_printf (text, _(", line %u"), line);
}

char *
ls_timeline_view_describe_hit (LsTimelineView      *self,
                               const LsTimelineHit *hit)
{
  const LsTimelineLane *lane;
  g_autofree char *who = NULL;
  GString *text;

  g_return_val_if_fail (LS_IS_TIMELINE_VIEW (self), NULL);

  if (self->model == NULL || hit->kind == LS_HIT_NONE || hit->lane >= ls_timeline_model_get_n_lanes (self->model))
    return NULL;
  lane = ls_timeline_model_get_lane (self->model, hit->lane);
  who = lane_title (self, lane);
  text = g_string_new (NULL);

  if (hit->kind == LS_HIT_LANE_LABEL)
    {
      g_string_append (text, who);
      if (lane->kind != LS_LANE_LOOP)
        g_string_append_printf (text, _(", created at %.3f s"), lane->start_time);
      append_line (text, lane->line);
    }
  else if (hit->kind == LS_HIT_INTERVAL && hit->index < lane->intervals->len)
    {
      const LsTimelineInterval *interval = &g_array_index (lane->intervals, LsTimelineInterval, hit->index);
      const char *label = ls_timeline_model_get_string (self->model, interval->label);
      double end = (interval->flags & LS_INTERVAL_OPEN) ? ls_timeline_model_get_end_time (self->model)
                                                        : interval->end_time;

      if ((interval->state == LS_STATE_WAITING || interval->state == LS_STATE_BLOCKED) &&
          label != NULL && label[0] != '\0')
        /* Translators: "Task-2 display_time() waiting on sleep(1)" */
        g_string_append_printf (text, _("%s %s on %s"), who, state_words (interval->state), label);
      else if (label != NULL && label[0] != '\0')
        g_string_append_printf (text, "%s %s: %s", who, state_words (interval->state), label);
      else
        g_string_append_printf (text, "%s %s", who, state_words (interval->state));
      if (end > interval->start_time)
        g_string_append_printf (text, _(" from %.3f s to %.3f s"), interval->start_time, end);
      else
        g_string_append_printf (text, _(" at %.3f s"), interval->start_time);
      append_line (text, interval_line (self, interval));
    }
  else if (hit->kind == LS_HIT_MARK && hit->index < lane->marks->len)
    {
      const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, hit->index);
      const char *what = ls_timeline_model_get_string (self->model, mark->text);
      g_autofree char *shown = g_strchomp (g_strdup (what != NULL ? what : ""));

      switch ((LsMarkKind) mark->kind)
        {
        case LS_MARK_PRINT:
          g_string_append_printf (text, _("%s printed “%s”"), who, shown);
          break;
        case LS_MARK_CANCEL_REQUESTED:
          g_string_append_printf (text, _("%s asked for a cancellation: %s"), who, shown);
          break;
        case LS_MARK_CANCEL_DELIVERED:
          g_string_append_printf (text, _("%s received CancelledError"), who);
          break;
        case LS_MARK_TIMEOUT_EXPIRED:
          g_string_append_printf (text, _("The timeout guarding %s expired"), who);
          break;
        case LS_MARK_SHIELD:
          g_string_append_printf (text, _("shield() kept %s from being cancelled"), who);
          break;
        case LS_MARK_ERROR:
        default:
          g_string_append_printf (text, _("%s ended the run: %s"), who, shown);
          break;
        }
      g_string_append_printf (text, _(" at %.3f s"), mark->time);
      append_line (text, mark->line != 0 ? mark->line : event_line (self, mark->event));
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip,
               gpointer    user_data)
{
  LsTimelineView *self = LS_TIMELINE_VIEW (widget);
  LsTimelineHit hit;
  g_autofree char *text = NULL;

  if (self->layout == NULL)
    return FALSE;
  hit = ls_timeline_layout_hit_test (self->layout, x, y);
  text = ls_timeline_view_describe_hit (self, &hit);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* --- range ---------------------------------------------------------------- */

static double
run_end (LsTimelineView *self)
{
  return self->model != NULL ? ls_timeline_model_get_end_time (self->model) : 0;
}

static void
set_range (LsTimelineView *self,
           double          from,
           double          to)
{
  double end = run_end (self);
  double span = to - from;

  if (end <= 0 || span >= end)
    {
      self->from = self->to = NAN;
    }
  else
    {
      span = MAX (span, MIN_SPAN);
      from = CLAMP (from, 0, end - span);
      self->from = from;
      self->to = from + span;
    }
  relayout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ls_timeline_view_get_range (LsTimelineView *self,
                            double         *from,
                            double         *to)
{
  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  *from = self->from;
  *to = self->to;
}

void
ls_timeline_view_fit (LsTimelineView *self)
{
  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  set_range (self, NAN, NAN);
}

void
ls_timeline_view_zoom (LsTimelineView *self,
                       double          factor,
                       double          x)
{
  double from, to, anchor, share;

  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL || run_end (self) <= 0)
    return;
  from = ls_timeline_layout_get_from (self->layout);
  to = ls_timeline_layout_get_to (self->layout);
  if (x < 0)
    x = ls_timeline_layout_get_plot_x (self->layout) + ls_timeline_layout_get_plot_width (self->layout) / 2;
  anchor = CLAMP (ls_timeline_layout_time_at_x (self->layout, x), from, to);
  share = to > from ? (anchor - from) / (to - from) : 0.5;
  set_range (self, anchor - share * (to - from) * factor, anchor + (1 - share) * (to - from) * factor);
}

void
ls_timeline_view_pan (LsTimelineView *self,
                      double          fraction)
{
  double from, to;

  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL || isnan (self->from))
    return;
  from = ls_timeline_layout_get_from (self->layout);
  to = ls_timeline_layout_get_to (self->layout);
  set_range (self, from + fraction * (to - from), to + fraction * (to - from));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           LsTimelineView           *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      ls_timeline_view_zoom (self, pow (1.15, dy), self->pointer_x);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    dx = dx != 0 ? dx : dy;
  if (dx != 0 && !isnan (self->from))
    {
      ls_timeline_view_pan (self, dx * 0.05);
      return TRUE;
    }
  /* Plain vertical scrolling belongs to the scrolled window. */
  return FALSE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           LsTimelineView           *self)
{
  self->pointer_x = x;
}

/* --- selection and cursor ------------------------------------------------- */

void
ls_timeline_view_select (LsTimelineView    *self,
                         LsTimelineHitKind  kind,
                         guint              lane_index,
                         guint              index)
{
  const LsTimelineLane *lane;
  guint line = 0;
  guint event = G_MAXUINT;
  double time = NAN;

  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (self->model == NULL || lane_index >= ls_timeline_model_get_n_lanes (self->model))
    return;
  lane = ls_timeline_model_get_lane (self->model, lane_index);
  if (kind == LS_HIT_MARK && index < lane->marks->len)
    {
      const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, index);

      event = mark->event;
      time = mark->time;
      line = mark->line != 0 ? mark->line : event_line (self, mark->event);
    }
  else if (kind == LS_HIT_INTERVAL && index < lane->intervals->len)
    {
      const LsTimelineInterval *interval = &g_array_index (lane->intervals, LsTimelineInterval, index);

      event = interval->event;
      time = interval->start_time;
      line = interval_line (self, interval);
    }
  else
    return;

  self->selected_kind = kind;
  self->selected_lane = lane_index;
  self->selected_index = index;
  ls_timeline_view_set_cursor (self, time);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_EVENT_ACTIVATED], 0, event, line);
}

static void
click_cb (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          LsTimelineView  *self)
{
  LsTimelineHit hit;

  if (self->layout == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  hit = ls_timeline_layout_hit_test (self->layout, x, y);
  if (hit.kind == LS_HIT_MARK || hit.kind == LS_HIT_INTERVAL)
    {
      ls_timeline_view_select (self, hit.kind, hit.lane, hit.index);
      return;
    }
  self->selected_kind = LS_HIT_NONE;
  if (x >= ls_timeline_layout_get_plot_x (self->layout))
    ls_timeline_view_set_cursor (self, MAX (hit.time, 0));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ls_timeline_view_set_cursor (LsTimelineView *self,
                             double          time)
{
  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (time == self->cursor || (isnan (time) && isnan (self->cursor)))
    return;
  self->cursor = time;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CURSOR_CHANGED], 0);
}

/* The instant before or after the cursor (direction -1 or +1): the
 * instants are the times at which something ran. */
void
ls_timeline_view_step_cursor (LsTimelineView *self,
                              int             direction)
{
  const GArray *instants;
  double target = NAN;

  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (self->model == NULL)
    return;
  instants = ls_timeline_model_get_instants (self->model);
  if (instants->len == 0)
    return;
  if (isnan (self->cursor))
    target = g_array_index (instants, LsTimelineInstant, direction > 0 ? 0 : instants->len - 1).time;
  else if (direction > 0)
    {
      for (guint i = 0; i < instants->len; i++)
        if (g_array_index (instants, LsTimelineInstant, i).time > self->cursor)
          {
            target = g_array_index (instants, LsTimelineInstant, i).time;
            break;
          }
    }
  else
    {
      for (guint i = instants->len; i-- > 0;)
        if (g_array_index (instants, LsTimelineInstant, i).time < self->cursor)
          {
            target = g_array_index (instants, LsTimelineInstant, i).time;
            break;
          }
    }
  if (isnan (target))
    return;
  self->selected_kind = LS_HIT_NONE;
  ls_timeline_view_set_cursor (self, target);
}

char *
ls_timeline_view_describe_instant (LsTimelineView *self,
                                   double          time)
{
  GString *text;
  guint shown = 0;

  g_return_val_if_fail (LS_IS_TIMELINE_VIEW (self), NULL);

  if (self->model == NULL || isnan (time))
    return g_strdup ("");
  text = g_string_new (NULL);
  g_string_append_printf (text, _("At %.3f s"), time);
  g_string_append_c (text, '\n');
  for (guint l = 0; l < ls_timeline_model_get_n_lanes (self->model); l++)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, l);
      g_autofree char *who = NULL;
      const char *label = NULL;
      LsTimelineState state;

      if (lane->internal)
        continue;
      state = ls_timeline_model_state_at (self->model, l, time, &label);
      if (state == LS_N_STATES)
        continue;
      /* Long runs have thousands of lanes: the first few hundred say
       * enough, and keep the pane quick. */
      if (++shown > 500)
        {
          g_string_append (text, _("…and more"));
          g_string_append_c (text, '\n');
          break;
        }
      who = lane_title (self, lane);
      if (label != NULL && label[0] != '\0' &&
          (state == LS_STATE_WAITING || state == LS_STATE_BLOCKED || state == LS_STATE_FAILED))
        g_string_append_printf (text, "  %s — %s: %s\n", who, state_words (state), label);
      else
        g_string_append_printf (text, "  %s — %s\n", who, state_words (state));
    }
  return g_string_free (text, FALSE);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LsTimelineView        *self)
{
  gboolean control = (state & GDK_CONTROL_MASK) != 0;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (control)
        ls_timeline_view_pan (self, -0.1);
      else
        ls_timeline_view_step_cursor (self, -1);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (control)
        ls_timeline_view_pan (self, 0.1);
      else
        ls_timeline_view_step_cursor (self, +1);
      return TRUE;
    default:
      return FALSE;
    }
}

double
ls_timeline_view_get_cursor (LsTimelineView *self)
{
  g_return_val_if_fail (LS_IS_TIMELINE_VIEW (self), NAN);

  return self->cursor;
}

/* --- model ---------------------------------------------------------------- */

void
ls_timeline_view_set_model (LsTimelineView  *self,
                            LsTimelineModel *model)
{
  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (model == self->model)
    return;
  g_clear_pointer (&self->layout, ls_timeline_layout_free);
  self->model = model;
  self->from = self->to = self->cursor = NAN;
  self->selected_kind = LS_HIT_NONE;
  if (model != NULL)
    {
      self->layout = ls_timeline_layout_new (model);
      ensure_painter (self);
      ls_timeline_painter_attach (self->painter, self->layout);
      relayout (self);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CURSOR_CHANGED], 0);
}

LsTimelineModel *
ls_timeline_view_get_model (LsTimelineView *self)
{
  g_return_val_if_fail (LS_IS_TIMELINE_VIEW (self), NULL);

  return self->model;
}

void
ls_timeline_view_model_changed (LsTimelineView *self)
{
  double before;

  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL)
    return;
  before = ls_timeline_layout_get_height (self->layout);
  relayout (self);
  if (fabs (ls_timeline_layout_get_height (self->layout) - before) >= 1)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

LsTimelineLayout *
ls_timeline_view_get_layout (LsTimelineView *self)
{
  g_return_val_if_fail (LS_IS_TIMELINE_VIEW (self), NULL);

  return self->layout;
}

/* --- GObject -------------------------------------------------------------- */

static void
ls_timeline_view_dispose (GObject *object)
{
  LsTimelineView *self = LS_TIMELINE_VIEW (object);

  g_clear_pointer (&self->layout, ls_timeline_layout_free);
  g_clear_pointer (&self->painter, ls_timeline_painter_free);
  self->model = NULL;

  G_OBJECT_CLASS (ls_timeline_view_parent_class)->dispose (object);
}

static void
ls_timeline_view_class_init (LsTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ls_timeline_view_dispose;
  widget_class->snapshot = ls_timeline_view_snapshot;
  widget_class->measure = ls_timeline_view_measure;
  widget_class->size_allocate = ls_timeline_view_size_allocate;

  /* (trace record, scenario line or 0) of the selected mark or bar. */
  signals[SIGNAL_EVENT_ACTIVATED] = g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /* The current instant moved (clicks, keys, the live head). */
  signals[SIGNAL_CURSOR_CHANGED] = g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ls_timeline_view_init (LsTimelineView *self)
{
  GtkEventController *scroll;
  GtkEventController *motion;
  GtkEventController *keys;
  GtkGesture *click;

  self->from = self->to = self->cursor = NAN;
  self->pointer_x = -1;
  self->selected_kind = LS_HIT_NONE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), NULL);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ls_timeline_view_new (void)
{
  return g_object_new (LS_TYPE_TIMELINE_VIEW, NULL);
}
