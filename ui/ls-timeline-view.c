/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ls-timeline-view.c: the timeline widget (see ls-timeline-view.h). */

#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ls-timeline-painter.h"
#include "ls-timeline-view.h"
#include "ls-timeline-range.h"


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

  /* Gestures: the range when a pinch or a drag began. */
  GtkGesture        *zoom_gesture;
  double             gesture_from;
  double             gesture_to;

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

/* The part of the view its scrolled window shows, in the view's
 * coordinates (all of it outside one).  A scrolled viewport moves the
 * view without allocating or drawing it again: its adjustments say when
 * the part shown changes. */
static graphene_rect_t
visible_area (LsTimelineView *self,
              double          width,
              double          height)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_VIEWPORT);
  graphene_rect_t all = GRAPHENE_RECT_INIT (0, 0, width, height);
  graphene_rect_t shown;

  if (viewport == NULL)
    return all;
  if (g_object_get_data (G_OBJECT (self), "ls-watched-viewport") != viewport)
    {
      GtkAdjustment *adjustments[2] = {
        gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (viewport)),
        gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (viewport)),
      };

      for (guint i = 0; i < G_N_ELEMENTS (adjustments); i++)
        if (adjustments[i] != NULL)
          {
            g_signal_connect_object (adjustments[i], "value-changed",
                                     G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
            g_signal_connect_object (adjustments[i], "changed",
                                     G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
          }
      g_object_set_data (G_OBJECT (self), "ls-watched-viewport", viewport);
    }
  if (!gtk_widget_compute_bounds (viewport, GTK_WIDGET (self), &shown) ||
      !graphene_rect_intersection (&all, &shown, &shown))
    return all;
  /* Whole pixels: the recording's edges fall on the device grid. */
  graphene_rect_round_extents (&shown, &shown);
  return shown;
}

static void
draw_visible (LsTimelineView        *self,
              cairo_t               *cr,
              const graphene_rect_t *visible)
{
  guint n_rows = ls_timeline_layout_get_n_rows (self->layout);
  double top = visible->origin.y;
  double bottom = visible->origin.y + visible->size.height;

  ls_timeline_painter_draw_part (self->painter, self->layout, cr, LS_PAINT_BACKGROUND, 0);
  for (guint r = 0; r < n_rows; r++)
    {
      const LsTimelineRow *row = ls_timeline_layout_get_row (self->layout, r);

      /* A row's labels may reach a little past its band. */
      if (row->y + row->height + 20 < top)
        continue;
      if (row->y - 20 > bottom)
        break;
      ls_timeline_painter_draw_part (self->painter, self->layout, cr, LS_PAINT_ROW, r);
    }
  ls_timeline_painter_draw_part (self->painter, self->layout, cr, LS_PAINT_OVERLAY, 0);
  ls_timeline_painter_draw_part (self->painter, self->layout, cr, LS_PAINT_LEGEND, 0);
}

static void
ls_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  LsTimelineView *self = LS_TIMELINE_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  graphene_rect_t visible;
  cairo_t *cr;

  if (self->layout == NULL || width <= 0 || height <= 0)
    return;

  /* Only what the scrolled window shows, and only the rows in it: with
   * thousands of lanes, drawing the whole height records every row for
   * nothing, each frame, and a run of 20,000 tasks stalled the window for
   * a third of a second a frame. */
  visible = visible_area (self, width, height);
  cr = gtk_snapshot_append_cairo (snapshot, &visible);
  draw_visible (self, cr, &visible);

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
  LsTraceEvent record;

  if (trace == NULL || !ls_trace_get_event (trace, event, &record))
    return 0;
  return ls_trace_event_get_line (&record);
}

/* The scenario line worth naming for a bar.  Task steps are recorded with
 * the line of the outermost scenario frame (asyncio.run's), not the await
 * the task stopped at, so they name none until the trace carries it. */
static guint
interval_line (LsTimelineView           *self,
               const LsTimelineInterval *interval)
{
  LsTrace *trace = ls_timeline_model_get_trace (self->model);
  LsTraceEvent event;

  if (trace == NULL || !ls_trace_get_event (trace, interval->event, &event))
    return 0;
  if (event.kind == LS_TRACE_STEP_START || event.kind == LS_TRACE_STEP_END)
    return 0;
  return ls_trace_event_get_line (&event);
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
  LsTimeRange range = ls_time_range_clamp ((LsTimeRange) { from, to }, run_end (self));

  self->from = range.from;
  self->to = range.to;
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
  LsTimeRange range;

  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL || run_end (self) <= 0)
    return;
  from = ls_timeline_layout_get_from (self->layout);
  to = ls_timeline_layout_get_to (self->layout);
  if (x < 0)
    x = ls_timeline_layout_get_plot_x (self->layout) + ls_timeline_layout_get_plot_width (self->layout) / 2;
  anchor = CLAMP (ls_timeline_layout_time_at_x (self->layout, x), from, to);
  share = to > from ? (anchor - from) / (to - from) : 0.5;
  range = ls_time_range_zoom ((LsTimeRange) { from, to }, share, factor);
  set_range (self, range.from, range.to);
}

void
ls_timeline_view_pan (LsTimelineView *self,
                      double          fraction)
{
  LsTimeRange range;

  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL || isnan (self->from))
    return;
  range = ls_time_range_pan ((LsTimeRange) { ls_timeline_layout_get_from (self->layout),
                                              ls_timeline_layout_get_to (self->layout) }, fraction);
  set_range (self, range.from, range.to);
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

/* Pinch: the range at the start of the pinch, scaled around the fingers. */
static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               LsTimelineView   *self)
{
  self->gesture_from = self->layout != NULL ? ls_timeline_layout_get_from (self->layout) : NAN;
  self->gesture_to = self->layout != NULL ? ls_timeline_layout_get_to (self->layout) : NAN;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       LsTimelineView *self)
{
  double x, y, share;
  LsTimeRange range;

  if (self->layout == NULL || isnan (self->gesture_from) || scale <= 0 ||
      !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  share = CLAMP ((x - ls_timeline_layout_get_plot_x (self->layout)) / ls_timeline_layout_get_plot_width (self->layout),
                 0, 1);
  /* fingers apart (scale > 1) show less time */
  range = ls_time_range_zoom ((LsTimeRange) { self->gesture_from, self->gesture_to }, share, 1 / scale);
  set_range (self, range.from, range.to);
}

/* Drag: the range moves with the pointer, as a map does. */
static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               LsTimelineView *self)
{
  self->gesture_from = self->from;
  self->gesture_to = self->to;
  /* Nothing to pan when the whole run is in view: leave the press to
   * the click (cursor, selection). */
  if (isnan (self->from) || self->layout == NULL)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                LsTimelineView *self)
{
  double width;
  LsTimeRange range;

  if (self->layout == NULL || isnan (self->gesture_from) ||
      gtk_gesture_is_recognized (self->zoom_gesture))
    return;
  width = ls_timeline_layout_get_plot_width (self->layout);
  if (fabs (dx) < 3 || width <= 0)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* the range moves against the pointer, as a map under a finger does */
  range = ls_time_range_pan ((LsTimeRange) { self->gesture_from, self->gesture_to }, -dx / width);
  set_range (self, range.from, range.to);
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

/* A handle of the ready queue or the timer heap, in words: what it is for
 * when the trace says, else the callback and whose it is. */
static void
append_handle (LsTimelineView     *self,
               GString            *text,
               const LsLoopHandle *handle)
{
  const char *name = ls_timeline_model_get_string (self->model, handle->name);
  const char *what = ls_timeline_model_get_string (self->model, handle->what);
  guint lane = handle->task != 0 ? ls_timeline_model_lane_for_task (self->model, handle->task)
                                 : LS_TIMELINE_NO_LANE;
  g_autofree char *whose = lane != LS_TIMELINE_NO_LANE
    ? lane_title (self, ls_timeline_model_get_lane (self->model, lane)) : NULL;

  if (what[0] != '\0' && whose != NULL)
    /* Translators: "sleep(1) of Task-2 display_time() (_set_result_unless_cancelled)" */
    g_string_append_printf (text, _("%s of %s (%s)"), what, whose, name);
  else if (whose != NULL)
    /* Translators: "Task.task_step for Task-1 main()": a callback and the task it runs */
    g_string_append_printf (text, _("%s for %s"), name, whose);
  else
    g_string_append (text, name[0] != '\0' ? name : _("a callback"));
  append_line (text, handle->line);
}

/* Long runs queue thousands of callbacks: the first ones say enough, and
 * keep the pane quick. */
#define MAX_LISTED 200

static void
append_ready_queue (LsTimelineView *self,
                    GString        *text,
                    gsize           n_records)
{
  g_autoptr(GArray) ready = ls_timeline_model_dup_ready_queue (self->model, n_records);

  if (ready->len == 0)
    g_string_append_printf (text, "  %s\n", _("empty"));
  for (guint i = 0; i < ready->len && i < MAX_LISTED; i++)
    {
      g_string_append_printf (text, "  %u. ", i + 1);
      append_handle (self, text, &g_array_index (ready, LsLoopHandle, i));
      g_string_append_c (text, '\n');
    }
  if (ready->len > MAX_LISTED)
    g_string_append_printf (text, "  %s\n", _("…and more"));
}

char *
ls_timeline_view_describe_instant (LsTimelineView *self,
                                   double          time)
{
  g_autoptr(GArray) timers = NULL;
  GString *text;
  guint shown = 0;
  gsize at_end, at_start;

  g_return_val_if_fail (LS_IS_TIMELINE_VIEW (self), NULL);

  if (self->model == NULL || isnan (time))
    return g_strdup ("");
  text = g_string_new (NULL);
  g_string_append_printf (text, _("At %.3f s"), time);
  g_string_append (text, "\n\n");

  /* Every task as the instant ended: what it waits on then. */
  g_string_append_printf (text, "%s\n", _("Tasks"));
  for (guint l = 0; l < ls_timeline_model_get_n_lanes (self->model); l++)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, l);
      g_autofree char *who = NULL;
      const char *label = NULL;
      LsTimelineState state;

      if (lane->internal || lane->kind != LS_LANE_TASK)
        continue;
      state = ls_timeline_model_state_at (self->model, l, time, &label);
      if (state == LS_N_STATES)
        continue;
      if (++shown > 500)
        {
          g_string_append_printf (text, "  %s\n", _("…and more"));
          break;
        }
      who = lane_title (self, lane);
      if (label != NULL && label[0] != '\0' &&
          (state == LS_STATE_WAITING || state == LS_STATE_BLOCKED || state == LS_STATE_FAILED))
        g_string_append_printf (text, "  %s — %s: %s\n", who, state_words (state), label);
      else
        g_string_append_printf (text, "  %s — %s\n", who, state_words (state));
    }
  if (shown == 0)
    g_string_append_printf (text, "  %s\n", _("none yet"));

  /* The ready queue is empty whenever the clock moves on (the loop waits
   * only when nothing is ready), so the end of an instant would always
   * show it empty: show it as the loop reached the instant, which is
   * what the loop then ran, and at the end only when something is left. */
  at_end = ls_timeline_model_records_until (self->model, time);
  at_start = ls_timeline_model_records_before_run (self->model, time);
  if (at_start < at_end)
    {
      g_string_append_c (text, '\n');
      /* Translators: a heading; the ready queue right after the clock reached that instant */
      g_string_append_printf (text, _("Ready queue as the loop reached %.3f s, in the order it runs"), time);
      g_string_append_c (text, '\n');
      append_ready_queue (self, text, at_start);
    }
  {
    g_autoptr(GArray) left = ls_timeline_model_dup_ready_queue (self->model, at_end);

    if (left->len > 0 || at_start == at_end)
      {
        g_string_append_c (text, '\n');
        /* Translators: a heading; the ready queue once everything at that instant had run */
        g_string_append_printf (text, _("Ready queue after %.3f s"), time);
        g_string_append_c (text, '\n');
        append_ready_queue (self, text, at_end);
      }
  }

  g_string_append_c (text, '\n');
  /* Translators: a heading; the loop's pending timers, earliest deadline first */
  g_string_append_printf (text, _("Timer heap after %.3f s, earliest first"), time);
  g_string_append_c (text, '\n');
  timers = ls_timeline_model_dup_timers (self->model, at_end);
  if (timers->len == 0)
    g_string_append_printf (text, "  %s\n", _("empty"));
  for (guint i = 0; i < timers->len && i < MAX_LISTED; i++)
    {
      const LsLoopHandle *timer = &g_array_index (timers, LsLoopHandle, i);

      /* Translators: a timer's deadline in virtual seconds, then what it is */
      g_string_append (text, "  ");
      g_string_append_printf (text, _("%.3f s — "), timer->when);
      append_handle (self, text, timer);
      g_string_append_c (text, '\n');
    }
  if (timers->len > MAX_LISTED)
    g_string_append_printf (text, "  %s\n", _("…and more"));

  /* The loop's thread and the worker threads alive then. */
  g_string_append_c (text, '\n');
  g_string_append_printf (text, "%s\n", _("Threads"));
  for (guint l = 0; l < ls_timeline_model_get_n_lanes (self->model); l++)
    {
      const LsTimelineLane *lane = ls_timeline_model_get_lane (self->model, l);
      const char *label = NULL;
      LsTimelineState state;
      guint starter;

      if (lane->internal || lane->kind == LS_LANE_TASK)
        continue;
      state = ls_timeline_model_state_at (self->model, l, time, &label);
      if (state == LS_N_STATES || (lane->kind == LS_LANE_THREAD && state == LS_STATE_DONE))
        continue;
      g_string_append_printf (text, "  %s (%s) — %s", ls_timeline_model_get_string (self->model, lane->name),
                              ls_timeline_model_get_string (self->model, lane->detail), state_words (state));
      if (label != NULL && label[0] != '\0' && state == LS_STATE_BLOCKED)
        g_string_append_printf (text, ": %s", label);
      starter = lane->kind == LS_LANE_THREAD ? ls_timeline_model_get_thread_starter (self->model, l)
                                             : LS_TIMELINE_NO_LANE;
      if (starter != LS_TIMELINE_NO_LANE)
        {
          g_autofree char *who = lane_title (self, ls_timeline_model_get_lane (self->model, starter));

          /* Translators: appended to a worker thread's state: the task that started it */
          g_string_append_printf (text, _(", started by %s"), who);
        }
      g_string_append_c (text, '\n');
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

static void update_accessible_description (LsTimelineView *self);

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
  update_accessible_description (self);
  g_signal_emit (self, signals[SIGNAL_CURSOR_CHANGED], 0);
}

LsTimelineModel *
ls_timeline_view_get_model (LsTimelineView *self)
{
  g_return_val_if_fail (LS_IS_TIMELINE_VIEW (self), NULL);

  return self->model;
}

/* Screen readers get the picture in one sentence; the inspector beside
 * the view says the rest in words. */
static void
update_accessible_description (LsTimelineView *self)
{
  g_autofree char *text = NULL;

  if (self->model == NULL)
    text = g_strdup (_("No run yet"));
  else
    {
      guint n = ls_timeline_model_get_n_tasks (self->model, FALSE);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task over %.3f s of virtual time",
                                           "%u tasks over %.3f s of virtual time", n),
                              n, ls_timeline_model_get_end_time (self->model));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

void
ls_timeline_view_model_changed (LsTimelineView *self)
{
  double before;

  g_return_if_fail (LS_IS_TIMELINE_VIEW (self));

  if (self->layout == NULL)
    return;
  update_accessible_description (self);
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
  GtkGesture *drag;

  self->from = self->to = self->cursor = NAN;
  self->gesture_from = self->gesture_to = NAN;
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

  /* On release: a press that turns into a drag pans instead. */
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  self->zoom_gesture = gtk_gesture_zoom_new ();
  g_signal_connect (self->zoom_gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (self->zoom_gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->zoom_gesture));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline of the run"),
                                  -1);
  update_accessible_description (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ls_timeline_view_new (void)
{
  return g_object_new (LS_TYPE_TIMELINE_VIEW, NULL);
}
