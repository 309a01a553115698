/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-painter.c — the timeline drawn with cairo and pango.
 *
 * Level of detail: a lane's intervals are visited from the first one at
 * the left edge (binary search) and, where several fall inside one pixel
 * column, the painter jumps over them with another binary search and
 * draws one mark for the column.  So a lane costs at most a few
 * primitives per pixel of width, however many events it holds, and rows
 * thinner than a pixel are drawn once per pixel row.
 */
#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "ls-timeline-painter.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, alpha }

/* Names are those of the GNOME HIG palette. */
static const LsTimelinePalette light_palette = {
  .background = RGB (0xffffff),
  .foreground = RGB (0x241f31),      /* Dark 4 */
  .dim = RGB (0x5e5c64),             /* Dark 2 */
  .grid = RGB (0xdeddda),            /* Light 3 */
  .stripe = RGB (0xf6f5f4),          /* Light 2 */
  .running = RGB (0x3584e4),         /* Blue 3 */
  .running_edge = RGB (0x1a5fb4),    /* Blue 5 */
  .on_running = RGB (0xffffff),
  .callback = RGB (0x986a44),        /* Brown 3 */
  .scheduled = RGB (0xf6d32d),       /* Yellow 3 */
  .scheduled_edge = RGB (0xc64600),  /* Orange 5: the thin bar's edge must read on white */
  .waiting = RGB (0xe3eefc),         /* Blue 1, lightened */
  .waiting_edge = RGB (0x62a0ea),    /* Blue 2 */
  .loop_blocked = RGB (0xc01c28),    /* Red 4 */
  .loop_blocked_bg = RGB (0xfcdcd9),
  .thread_sleep = RGB (0xe66100),    /* Orange 4 */
  .thread_sleep_bg = RGB (0xffe8cf),
  .idle = RGB (0x9a9996),            /* Light 5 */
  .done = RGB (0x26a269),            /* Green 5 */
  .failed = RGB (0xc01c28),          /* Red 4 */
  .cancelled = RGB (0x813d9c),       /* Purple 4 */
  .timeout = RGB (0xe66100),         /* Orange 4 */
  .create = RGB (0x77767b),          /* Dark 1 */
  .wake = RGB (0x26a269),            /* Green 5 */
  .cancel = RGB (0x813d9c),          /* Purple 4 */
  .shield = RGB (0x865e3c),          /* Brown 4 */
};

static const LsTimelinePalette dark_palette = {
  .background = RGB (0x1e1e1e),
  .foreground = RGB (0xf6f5f4),      /* Light 2 */
  .dim = RGB (0xc0bfbc),             /* Light 4 */
  .grid = RGB (0x3d3846),            /* Dark 3 */
  .stripe = RGB (0x262626),
  .running = RGB (0x62a0ea),         /* Blue 2 */
  .running_edge = RGB (0x99c1f1),    /* Blue 1 */
  .on_running = RGB (0x000000),
  .callback = RGB (0xcdab8f),        /* Brown 1 */
  .scheduled = RGB (0xf5c211),       /* Yellow 4 */
  .scheduled_edge = RGB (0xf8e45c),  /* Yellow 2 */
  .waiting = RGB (0x1f3350),
  .waiting_edge = RGB (0x62a0ea),    /* Blue 2 */
  .loop_blocked = RGB (0xf66151),    /* Red 1 */
  .loop_blocked_bg = RGB (0x4a1c1f),
  .thread_sleep = RGB (0xffa348),    /* Orange 2 */
  .thread_sleep_bg = RGB (0x4a2e14),
  .idle = RGB (0x77767b),            /* Dark 1 */
  .done = RGB (0x57e389),            /* Green 2 */
  .failed = RGB (0xf66151),          /* Red 1 */
  .cancelled = RGB (0xdc8add),       /* Purple 1 */
  .timeout = RGB (0xffa348),         /* Orange 2 */
  .create = RGB (0x9a9996),          /* Light 5 */
  .wake = RGB (0x57e389),            /* Green 2 */
  .cancel = RGB (0xdc8add),          /* Purple 1 */
  .shield = RGB (0xcdab8f),          /* Brown 1 */
};

const LsTimelinePalette *
ls_timeline_palette_get (gboolean dark)
{
  return dark ? &dark_palette : &light_palette;
}

struct _LsTimelinePainter
{
  const LsTimelinePalette *palette;
  PangoContext            *context;
  PangoFontDescription    *fonts[LS_N_FONTS];
  PangoLayout             *layout;   /* reused for every text */
  guint64                  n_primitives;
};

LsTimelinePainter *
ls_timeline_painter_new (gboolean dark)
{
  LsTimelinePainter *self = g_new0 (LsTimelinePainter, 1);
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options = cairo_font_options_create ();
  /* One family with Latin and CJK glyphs (prints of the seed examples are
   * Chinese); fonts-noto-cjk is a build dependency, so the exported files
   * are the same on every machine. */
  static const struct { const char *family; PangoWeight weight; double size; } specs[LS_N_FONTS] = {
    [LS_FONT_TITLE] = { "Noto Sans CJK SC, Noto Sans, sans-serif", PANGO_WEIGHT_BOLD, 15 },
    [LS_FONT_NAME] = { "Noto Sans CJK SC, Noto Sans, sans-serif", PANGO_WEIGHT_BOLD, 12.5 },
    [LS_FONT_SMALL] = { "Noto Sans CJK SC, Noto Sans, sans-serif", PANGO_WEIGHT_NORMAL, 11 },
    [LS_FONT_LABEL] = { "Noto Sans CJK SC, Noto Sans, sans-serif", PANGO_WEIGHT_NORMAL, 11.5 },
    [LS_FONT_MONO] = { "DejaVu Sans Mono, Noto Sans Mono CJK SC, monospace", PANGO_WEIGHT_NORMAL, 10.5 },
  };

  self->palette = ls_timeline_palette_get (dark);
  self->context = pango_font_map_create_context (map);
  /* Unhinted outlines and unrounded positions: text measures the same on
   * every surface, so the layout's fitting holds for SVG, PDF and PNG. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  for (guint i = 0; i < LS_N_FONTS; i++)
    {
      self->fonts[i] = pango_font_description_from_string (specs[i].family);
      pango_font_description_set_weight (self->fonts[i], specs[i].weight);
      pango_font_description_set_absolute_size (self->fonts[i], specs[i].size * PANGO_SCALE);
    }
  self->layout = pango_layout_new (self->context);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  return self;
}

void
ls_timeline_painter_free (LsTimelinePainter *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->layout);
  for (guint i = 0; i < LS_N_FONTS; i++)
    pango_font_description_free (self->fonts[i]);
  g_object_unref (self->context);
  g_free (self);
}

guint64
ls_timeline_painter_get_n_primitives (LsTimelinePainter *self)
{
  return self->n_primitives;
}

static void
set_text (LsTimelinePainter *self, const char *text, LsTimelineFont font, double max_width)
{
  pango_layout_set_font_description (self->layout, self->fonts[font]);
  pango_layout_set_text (self->layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (self->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (self->layout, -1);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_NONE);
    }
}

double
ls_timeline_painter_measure (LsTimelinePainter *self,
                             const char        *text,
                             LsTimelineFont     font)
{
  PangoRectangle logical;

  set_text (self, text, font, -1);
  pango_layout_get_extents (self->layout, NULL, &logical);
  return logical.width / (double) PANGO_SCALE;
}

static double
measure_cb (const char *text, LsTimelineFont font, gpointer user_data)
{
  return ls_timeline_painter_measure (user_data, text, font);
}

void
ls_timeline_painter_attach (LsTimelinePainter *self,
                            LsTimelineLayout  *layout)
{
  ls_timeline_layout_set_measure_func (layout, measure_cb, self);
}

/* --- drawing helpers --------------------------------------------------------- */

static void
set_color (cairo_t *cr, const LsColor *color)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a);
}

static void
fill (LsTimelinePainter *self, cairo_t *cr)
{
  cairo_fill (cr);
  self->n_primitives++;
}

static void
stroke (LsTimelinePainter *self, cairo_t *cr)
{
  cairo_stroke (cr);
  self->n_primitives++;
}

typedef enum { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;

/* Draws one line of text with its vertical middle at `y_mid`; returns its
 * width.  With max_width > 0 it is ellipsized to fit, and left out when
 * not even a few characters would. */
static double
draw_text (LsTimelinePainter *self, cairo_t *cr, const char *text, LsTimelineFont font,
           double x, double y_mid, double max_width, Align align, const LsColor *color)
{
  PangoRectangle logical;
  double w;

  if (text == NULL || *text == '\0' || (max_width > 0 && max_width < 8))
    return 0;
  set_text (self, text, font, max_width);
  pango_cairo_update_context (cr, self->context);
  pango_layout_context_changed (self->layout);
  pango_layout_get_extents (self->layout, NULL, &logical);
  w = logical.width / (double) PANGO_SCALE;
  if (align == ALIGN_CENTER)
    x -= w / 2;
  else if (align == ALIGN_RIGHT)
    x -= w;
  set_color (cr, color);
  cairo_move_to (cr, x, y_mid - logical.height / (double) PANGO_SCALE / 2);
  pango_cairo_show_layout (cr, self->layout);
  self->n_primitives++;
  return w;
}

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  if (r < 0.5)
    {
      cairo_rectangle (cr, x, y, w, h);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Diagonal hatching inside a rectangle: blocked time reads as blocked
 * without its colour. */
static void
hatch (LsTimelinePainter *self, cairo_t *cr, double x, double y, double w, double h,
       const LsColor *bg, const LsColor *lines)
{
  set_color (cr, bg);
  cairo_rectangle (cr, x, y, w, h);
  fill (self, cr);
  if (w < 3)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  set_color (cr, lines);
  cairo_set_line_width (cr, 1.5);
  for (double d = x - h; d < x + w; d += 7)
    {
      cairo_move_to (cr, d, y + h);
      cairo_line_to (cr, d + h, y);
    }
  stroke (self, cr);
  cairo_restore (cr);
  set_color (cr, lines);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
  stroke (self, cr);
}

/* --- glyphs (drawn, not taken from a font, so they look the same everywhere) */

static void
glyph_check (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color,
             const LsColor *on)
{
  set_color (cr, color);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  fill (self, cr);
  set_color (cr, on);
  cairo_set_line_width (cr, r * 0.35);
  cairo_move_to (cr, x - r * 0.5, y);
  cairo_line_to (cr, x - r * 0.1, y + r * 0.4);
  cairo_line_to (cr, x + r * 0.5, y - r * 0.4);
  stroke (self, cr);
}

static void
glyph_cross (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color,
             const LsColor *on)
{
  set_color (cr, color);
  cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
  fill (self, cr);
  set_color (cr, on);
  cairo_set_line_width (cr, r * 0.35);
  cairo_move_to (cr, x - r * 0.45, y - r * 0.45);
  cairo_line_to (cr, x + r * 0.45, y + r * 0.45);
  cairo_move_to (cr, x + r * 0.45, y - r * 0.45);
  cairo_line_to (cr, x - r * 0.45, y + r * 0.45);
  stroke (self, cr);
}

static void
glyph_slash (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color,
             const LsColor *on)
{
  set_color (cr, color);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  fill (self, cr);
  set_color (cr, on);
  cairo_set_line_width (cr, r * 0.3);
  cairo_arc (cr, x, y, r * 0.55, 0, 2 * G_PI);
  cairo_move_to (cr, x - r * 0.4, y + r * 0.4);
  cairo_line_to (cr, x + r * 0.4, y - r * 0.4);
  stroke (self, cr);
}

static void
glyph_diamond (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color,
               const LsColor *edge)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
  set_color (cr, color);
  cairo_fill_preserve (cr);
  set_color (cr, edge);
  cairo_set_line_width (cr, 1);
  stroke (self, cr);
}

static void
glyph_clock (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color,
             const LsColor *on)
{
  set_color (cr, color);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  fill (self, cr);
  set_color (cr, on);
  cairo_set_line_width (cr, r * 0.25);
  cairo_move_to (cr, x, y - r * 0.6);
  cairo_line_to (cr, x, y);
  cairo_line_to (cr, x + r * 0.45, y + r * 0.2);
  stroke (self, cr);
}

static void
glyph_shield (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color,
              const LsColor *edge)
{
  cairo_move_to (cr, x - r, y - r);
  cairo_line_to (cr, x + r, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_curve_to (cr, x + r, y + r * 0.6, x + r * 0.3, y + r, x, y + r * 1.2);
  cairo_curve_to (cr, x - r * 0.3, y + r, x - r, y + r * 0.6, x - r, y);
  cairo_close_path (cr);
  set_color (cr, color);
  cairo_fill_preserve (cr);
  set_color (cr, edge);
  cairo_set_line_width (cr, 1);
  stroke (self, cr);
}

static void
glyph_warning (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color,
               const LsColor *on)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y + r * 0.8);
  cairo_line_to (cr, x - r, y + r * 0.8);
  cairo_close_path (cr);
  set_color (cr, color);
  fill (self, cr);
  set_color (cr, on);
  cairo_set_line_width (cr, r * 0.25);
  cairo_move_to (cr, x, y - r * 0.35);
  cairo_line_to (cr, x, y + r * 0.2);
  cairo_move_to (cr, x, y + r * 0.4);
  cairo_line_to (cr, x, y + r * 0.55);
  stroke (self, cr);
}

static void
glyph_print (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color)
{
  /* a small speech-bubble tail: a downward triangle */
  set_color (cr, color);
  cairo_move_to (cr, x - r, y - r * 0.7);
  cairo_line_to (cr, x + r, y - r * 0.7);
  cairo_line_to (cr, x, y + r * 0.8);
  cairo_close_path (cr);
  fill (self, cr);
}

static void
arrow_head (LsTimelinePainter *self, cairo_t *cr, double x, double y, double dx, double dy, double size)
{
  double len = hypot (dx, dy);

  if (len <= 0)
    return;
  dx /= len;
  dy /= len;
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - dx * size - dy * size * 0.5, y - dy * size + dx * size * 0.5);
  cairo_line_to (cr, x - dx * size + dy * size * 0.5, y - dy * size - dx * size * 0.5);
  cairo_close_path (cr);
  fill (self, cr);
}

/* --- the background: title, axis, grid, stripes ------------------------------ */

static void
draw_background (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr)
{
  const LsTimelinePalette *p = self->palette;
  const LsTimelineMetrics *m = ls_timeline_layout_get_metrics (layout);
  const GArray *ticks = ls_timeline_layout_get_ticks (layout);
  double width = ls_timeline_layout_get_width (layout);
  double plot_x = ls_timeline_layout_get_plot_x (layout);
  double plot_right = plot_x + ls_timeline_layout_get_plot_width (layout);
  double rows_y = ls_timeline_layout_get_rows_y (layout);
  double rows_bottom = ls_timeline_layout_get_rows_bottom (layout);
  double axis_y = ls_timeline_layout_get_axis_y (layout);
  const char *title = ls_timeline_layout_get_title (layout);
  double last_label_right = -INFINITY;
  double pixel_row = -1;

  set_color (cr, &p->background);
  cairo_paint (cr);
  self->n_primitives++;

  if (title != NULL)
    draw_text (self, cr, title, LS_FONT_TITLE, m->margin, m->margin + m->title_height / 2 - 2,
               width - 2 * m->margin, ALIGN_LEFT, &p->foreground);

  /* stripes on every other row, one per pixel row at most */
  set_color (cr, &p->stripe);
  for (guint r = 1; r < ls_timeline_layout_get_n_rows (layout); r += 2)
    {
      const LsTimelineRow *row = ls_timeline_layout_get_row (layout, r);

      if (floor (row->y) == pixel_row)
        continue;
      pixel_row = floor (row->y);
      cairo_rectangle (cr, m->margin, row->y, width - 2 * m->margin, MAX (row->height, 1));
    }
  fill (self, cr);

  /* axis: line, ticks, labels, grid */
  set_color (cr, &p->grid);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < ticks->len; i++)
    {
      const LsTimelineTick *tick = &g_array_index (ticks, LsTimelineTick, i);
      double x = floor (tick->x) + 0.5;

      cairo_move_to (cr, x, axis_y);
      cairo_line_to (cr, x, rows_bottom);
    }
  stroke (self, cr);
  set_color (cr, &p->dim);
  cairo_move_to (cr, plot_x, axis_y + 0.5);
  cairo_line_to (cr, plot_right, axis_y + 0.5);
  for (guint i = 0; i < ticks->len; i++)
    {
      const LsTimelineTick *tick = &g_array_index (ticks, LsTimelineTick, i);
      double x = floor (tick->x) + 0.5;

      cairo_move_to (cr, x, axis_y - 4);
      cairo_line_to (cr, x, axis_y + 0.5);
    }
  stroke (self, cr);
  for (guint i = 0; i < ticks->len; i++)
    {
      const LsTimelineTick *tick = &g_array_index (ticks, LsTimelineTick, i);
      double w = ls_timeline_painter_measure (self, tick->label, LS_FONT_SMALL);

      if (tick->x - w / 2 < last_label_right + 6)
        continue;
      draw_text (self, cr, tick->label, LS_FONT_SMALL, tick->x, axis_y - 12, 0, ALIGN_CENTER, &p->dim);
      last_label_right = tick->x + w / 2;
    }
  draw_text (self, cr, _("virtual time"), LS_FONT_SMALL, m->margin + 4, axis_y - 12, 0, ALIGN_LEFT, &p->dim);

  /* a program that never started the loop (or never started at all) */
  if (ls_trace_get_n_events (ls_timeline_model_get_trace (ls_timeline_layout_get_model (layout))) == 0)
    draw_text (self, cr, _("The program ran no asyncio code: nothing to draw."), LS_FONT_LABEL, plot_x + 8,
               rows_y + m->row_top + m->bar_height / 2, 0, ALIGN_LEFT, &p->dim);

  /* the label column's edge */
  set_color (cr, &p->grid);
  cairo_move_to (cr, plot_x - 6.5, rows_y);
  cairo_line_to (cr, plot_x - 6.5, rows_bottom);
  stroke (self, cr);
}

/* --- rows -------------------------------------------------------------------- */

static gboolean
is_end_state (guint state)
{
  return state == LS_STATE_DONE || state == LS_STATE_FAILED || state == LS_STATE_CANCELLED;
}

static void
draw_end (LsTimelinePainter *self, cairo_t *cr, LsTimelineModel *model, const LsTimelineLane *lane,
          const LsTimelineInterval *iv, double x, double y, double h, double right, gboolean compact)
{
  const LsTimelinePalette *p = self->palette;
  double r = MIN (h * 0.42, 7);
  double cx = x + r + 1, cy = y + h / 2;
  const char *text = NULL;
  const LsColor *color = &p->done;

  if (compact)
    {
      set_color (cr, iv->state == LS_STATE_DONE ? &p->done : iv->state == LS_STATE_FAILED ? &p->failed : &p->cancelled);
      cairo_rectangle (cr, x, y, MAX (h * 0.5, 1), h);
      fill (self, cr);
      return;
    }
  switch (iv->state)
    {
    case LS_STATE_DONE:
      glyph_check (self, cr, cx, cy, r, &p->done, &p->background);
      text = lane->kind == LS_LANE_THREAD ? _("finished") : _("done");
      break;
    case LS_STATE_FAILED:
      glyph_cross (self, cr, cx, cy, r * 0.9, &p->failed, &p->background);
      text = iv->label != 0 ? ls_timeline_model_get_string (model, iv->label) : _("failed");
      color = &p->failed;
      break;
    case LS_STATE_CANCELLED:
    default:
      glyph_slash (self, cr, cx, cy, r, &p->cancelled, &p->background);
      text = _("cancelled");
      color = &p->cancelled;
      break;
    }
  if (right - (cx + r + 4) >= 14)
    draw_text (self, cr, text, LS_FONT_SMALL, cx + r + 4, cy, right - (cx + r + 4), ALIGN_LEFT, color);
}

static const char *
short_task_label (const char *name, char *buf, gsize size)
{
  /* "Task-12" -> "12" when the full name does not fit */
  if (g_str_has_prefix (name, "Task-"))
    {
      g_strlcpy (buf, name + 5, size);
      return buf;
    }
  return NULL;
}

static void
draw_interval (LsTimelinePainter *self, cairo_t *cr, LsTimelineLayout *layout, const LsTimelineLane *lane,
               const LsTimelineInterval *iv, double x1, double x2, double next_x, const LsTimelineRow *row)
{
  const LsTimelinePalette *p = self->palette;
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  double y = row->bar_y, h = row->bar_height;
  double w = MAX (x2 - x1, 0);
  const char *label = iv->label != 0 ? ls_timeline_model_get_string (model, iv->label) : NULL;
  gboolean text = !row->compact;
  /* end labels may use the room after the plot */
  double right_limit = ls_timeline_layout_get_width (layout) - ls_timeline_layout_get_metrics (layout)->margin;

  switch ((LsTimelineState) iv->state)
    {
    case LS_STATE_RUNNING:
      if (lane->kind == LS_LANE_THREAD)
        {
          set_color (cr, &p->running);
          cairo_rectangle (cr, x1, y, MAX (w, 2), h);
          fill (self, cr);
          break;
        }
      set_color (cr, (iv->flags & LS_INTERVAL_CALLBACK) ? &p->callback : &p->running);
      cairo_rectangle (cr, x1, y, MAX (w, 1.5), h);
      fill (self, cr);
      if (text && lane->kind == LS_LANE_LOOP && label != NULL)
        {
          char buf[32];
          double tw = ls_timeline_painter_measure (self, label, LS_FONT_SMALL);
          const char *shown = tw + 4 <= w ? label : short_task_label (label, buf, sizeof buf);

          if (shown != NULL && ls_timeline_painter_measure (self, shown, LS_FONT_SMALL) + 2 <= w)
            draw_text (self, cr, shown, LS_FONT_SMALL, x1 + w / 2, y + h / 2, 0, ALIGN_CENTER, &p->on_running);
        }
      break;

    case LS_STATE_SCHEDULED:
      set_color (cr, &p->scheduled);
      cairo_rectangle (cr, x1, y + h * 0.3, MAX (w, 1), h * 0.4);
      fill (self, cr);
      if (w >= 3)
        {
          set_color (cr, &p->scheduled_edge);
          cairo_set_line_width (cr, 1);
          cairo_rectangle (cr, x1 + 0.5, y + h * 0.3 + 0.5, w - 1, h * 0.4 - 1);
          stroke (self, cr);
        }
      if (text && label != NULL && w > 60)
        draw_text (self, cr, label, LS_FONT_SMALL, x1 + 4, y - 1, w - 8, ALIGN_LEFT, &p->dim);
      break;

    case LS_STATE_WAITING:
      set_color (cr, &p->waiting);
      rounded_rect (cr, x1, y, MAX (w, 1), h, 3);
      fill (self, cr);
      if (w >= 3)
        {
          set_color (cr, &p->waiting_edge);
          cairo_set_line_width (cr, 1);
          rounded_rect (cr, x1 + 0.5, y + 0.5, w - 1, h - 1, 3);
          stroke (self, cr);
        }
      if (text && label != NULL)
        draw_text (self, cr, label, LS_FONT_LABEL, x1 + 6, y + h / 2, w - 10, ALIGN_LEFT, &p->foreground);
      break;

    case LS_STATE_BLOCKED:
      {
        gboolean loop = lane->kind == LS_LANE_LOOP;

        if (loop || strncmp (label != NULL ? label : "", "time.sleep", 10) == 0)
          {
            g_autofree char *words = loop && label != NULL ? g_strdup_printf ("%s blocks the loop", label) : NULL;

            hatch (self, cr, x1, y, MAX (w, 1), h, loop ? &p->loop_blocked_bg : &p->thread_sleep_bg,
                   loop ? &p->loop_blocked : &p->thread_sleep);
            if (text && label != NULL)
              draw_text (self, cr, words != NULL ? words : label, LS_FONT_LABEL, x1 + 6, y + h / 2, w - 10,
                         ALIGN_LEFT, &p->foreground);
          }
        else
          {
            /* a worker waiting for work, or on a lock: a quiet outline */
            set_color (cr, &p->idle);
            cairo_set_line_width (cr, 1);
            cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
            cairo_rectangle (cr, x1 + 0.5, y + h * 0.25 + 0.5, MAX (w - 1, 0), h * 0.5);
            stroke (self, cr);
            cairo_set_dash (cr, NULL, 0, 0);
            if (text && label != NULL && w > 50)
              draw_text (self, cr, label, LS_FONT_SMALL, x1 + 6, y + h / 2, w - 10, ALIGN_LEFT, &p->dim);
          }
      }
      break;

    case LS_STATE_IDLE:
      set_color (cr, &p->idle);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (double[]) { 1.5, 3 }, 2, 0);
      cairo_move_to (cr, x1, y + h / 2);
      cairo_line_to (cr, x2, y + h / 2);
      stroke (self, cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (text && w > 60)
        {
          double tw = ls_timeline_painter_measure (self, _("idle"), LS_FONT_SMALL);

          set_color (cr, &p->background);
          cairo_rectangle (cr, x1 + w / 2 - tw / 2 - 4, y + 2, tw + 8, h - 4);
          fill (self, cr);
          draw_text (self, cr, _("idle"), LS_FONT_SMALL, x1 + w / 2, y + h / 2, 0, ALIGN_CENTER, &p->dim);
        }
      break;

    case LS_STATE_DONE:
    case LS_STATE_FAILED:
    case LS_STATE_CANCELLED:
      draw_end (self, cr, model, lane, iv, x1, y, h, MIN (next_x, right_limit), row->compact);
      break;

    case LS_N_STATES:
    default:
      break;
    }
}

/* Several intervals that share one pixel column are one mark; a run of
 * such columns side by side is one rectangle, drawn when the run ends:
 * dense activity stays visible and costs one fill. */
typedef struct
{
  double start;   /* first column of the run, < 0 when none */
  double end;     /* one past its last column */
} DenseRun;

static void
flush_dense (LsTimelinePainter *self, cairo_t *cr, DenseRun *run, double y, double h, const LsColor *color)
{
  if (run->start < 0)
    return;
  set_color (cr, color);
  cairo_rectangle (cr, run->start, y, run->end - run->start, h);
  fill (self, cr);
  run->start = -1;
}

static void
add_dense (LsTimelinePainter *self, cairo_t *cr, DenseRun *run, double column, double y, double h,
           const LsColor *color)
{
  if (run->start >= 0 && column <= run->end)
    {
      run->end = MAX (run->end, column + 1);
      return;
    }
  flush_dense (self, cr, run, y, h, color);
  run->start = column;
  run->end = column + 1;
}

static void
draw_lane_intervals (LsTimelinePainter *self, cairo_t *cr, LsTimelineLayout *layout, guint32 lane_index,
                     const LsTimelineRow *row)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const LsTimelineLane *lane = ls_timeline_model_get_lane (model, lane_index);
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  guint i = ls_timeline_layout_first_interval_at (layout, lane_index, left);
  guint32 previous_task = LS_TIMELINE_NO_LANE;
  double previous_end = -INFINITY;
  DenseRun dense = { -1, -1 };

  cairo_save (cr);
  cairo_rectangle (cr, left - 1, row->y - 1, right - left + 2 + 200, row->height + 2);
  cairo_clip (cr);
  while (i < lane->intervals->len)
    {
      const LsTimelineInterval *iv = &g_array_index (lane->intervals, LsTimelineInterval, i);
      double x1, x2, next_x = INFINITY;

      ls_timeline_layout_interval_x (layout, iv, &x1, &x2);
      if (x1 > right)
        break;
      if (x2 - x1 < 1 && !is_end_state (iv->state))
        {
          double column = floor (x1);
          guint j = ls_timeline_layout_first_interval_at (layout, lane_index, column + 1);

          if (j > i + 1 || (dense.start >= 0 && column <= dense.end))
            {
              /* everything that ends inside this pixel column: one mark */
              add_dense (self, cr, &dense, column, row->bar_y, row->bar_height, &self->palette->running);
              i = MAX (j, i + 1);
              continue;
            }
        }
      flush_dense (self, cr, &dense, row->bar_y, row->bar_height, &self->palette->running);
      if (i + 1 < lane->intervals->len)
        {
          double nx1, nx2;

          ls_timeline_layout_interval_x (layout, &g_array_index (lane->intervals, LsTimelineInterval, i + 1), &nx1, &nx2);
          next_x = nx1;
        }
      draw_interval (self, cr, layout, lane, iv, MAX (x1, left - 1), MIN (x2, right + 1), next_x, row);
      /* the loop switching from one task to another: a notch between steps */
      if (lane->kind == LS_LANE_LOOP && iv->state == LS_STATE_RUNNING && !row->compact)
        {
          if (previous_task != LS_TIMELINE_NO_LANE && previous_task != iv->object && fabs (previous_end - x1) < 0.5)
            {
              set_color (cr, &self->palette->background);
              cairo_rectangle (cr, x1 - 0.75, row->bar_y - 3, 1.5, row->bar_height + 6);
              fill (self, cr);
            }
          previous_task = iv->object;
          previous_end = x2;
        }
      else if (iv->state != LS_STATE_RUNNING)
        previous_task = LS_TIMELINE_NO_LANE;
      i++;
    }
  flush_dense (self, cr, &dense, row->bar_y, row->bar_height, &self->palette->running);
  cairo_restore (cr);
}

static const LsColor *
mark_color (const LsTimelinePalette *p, guint kind)
{
  switch ((LsMarkKind) kind)
    {
    case LS_MARK_CANCEL_REQUESTED:
    case LS_MARK_CANCEL_DELIVERED:
      return &p->cancel;
    case LS_MARK_TIMEOUT_EXPIRED:
      return &p->timeout;
    case LS_MARK_SHIELD:
      return &p->shield;
    case LS_MARK_ERROR:
      return &p->failed;
    case LS_MARK_PRINT:
    default:
      return &p->foreground;
    }
}

static void
draw_mark (LsTimelinePainter *self, cairo_t *cr, const LsTimelineMark *mark, double x, const LsTimelineRow *row)
{
  const LsTimelinePalette *p = self->palette;
  double top = row->bar_y, h = row->bar_height;
  double r = row->compact ? MAX (h / 2, 1) : 6;

  switch ((LsMarkKind) mark->kind)
    {
    case LS_MARK_PRINT:
      if (row->compact)
        break;
      /* a tick from the bar down to the print's label */
      set_color (cr, &p->foreground);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, floor (x) + 0.5, top + h - 2);
      cairo_line_to (cr, floor (x) + 0.5, top + h + 8);
      stroke (self, cr);
      glyph_print (self, cr, x, top + h - 3, 3.5, &p->foreground);
      break;
    case LS_MARK_CANCEL_REQUESTED:
      glyph_cross (self, cr, x, top + h / 2, r * 0.75, &p->cancel, &p->background);
      break;
    case LS_MARK_CANCEL_DELIVERED:
      glyph_diamond (self, cr, x, top + h / 2, r, &p->cancel, &p->background);
      break;
    case LS_MARK_TIMEOUT_EXPIRED:
      set_color (cr, &p->timeout);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, top - 6);
      cairo_line_to (cr, x, top + h + 2);
      stroke (self, cr);
      glyph_clock (self, cr, x, top - 1, r, &p->timeout, &p->background);
      break;
    case LS_MARK_SHIELD:
      glyph_shield (self, cr, x, top + h / 2 - 1, r * 0.85, &p->shield, &p->background);
      break;
    case LS_MARK_ERROR:
      glyph_warning (self, cr, x, top + h / 2, r, &p->failed, &p->background);
      break;
    default:
      break;
    }
}

static void
draw_lane_marks (LsTimelinePainter *self, cairo_t *cr, LsTimelineLayout *layout, guint32 lane_index,
                 const LsTimelineRow *row)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const LsTimelineLane *lane = ls_timeline_model_get_lane (model, lane_index);
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  guint i = ls_timeline_layout_first_mark_at (layout, lane_index, left - 0.5);

  /* prints first, so that cancellations and timeouts stay on top; prints
   * in neighbouring pixel columns become one band under the bar */
  for (guint pass = 0; pass < 2; pass++)
    {
      DenseRun dense = { -1, -1 };
      double last_column = -INFINITY;
      gboolean last_drawn = FALSE;

      for (guint k = i; k < lane->marks->len;)
        {
          const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, k);
          double x = ls_timeline_layout_x (layout, mark->time, mark->pos);
          double column = floor (x);

          if (x > right + 0.5)
            break;
          if ((mark->kind == LS_MARK_PRINT) != (pass == 0))
            {
              k++;
              continue;
            }
          if (pass == 0 && !row->compact && column <= last_column + 1)
            {
              /* dense prints: the band takes over from the single mark */
              add_dense (self, cr, &dense, last_drawn ? last_column : column, row->bar_y + row->bar_height,
                         4, &self->palette->foreground);
              add_dense (self, cr, &dense, column, row->bar_y + row->bar_height, 4, &self->palette->foreground);
              last_drawn = FALSE;
            }
          else
            {
              flush_dense (self, cr, &dense, row->bar_y + row->bar_height, 4, &self->palette->foreground);
              draw_mark (self, cr, mark, x, row);
              last_drawn = TRUE;
            }
          last_column = column;
          /* level of detail: one print per pixel column */
          k = pass == 0 ? MAX (k + 1, ls_timeline_layout_first_mark_at (layout, lane_index, column + 1)) : k + 1;
        }
      flush_dense (self, cr, &dense, row->bar_y + row->bar_height, 4, &self->palette->foreground);
    }
}

static void
draw_notes (LsTimelinePainter *self, cairo_t *cr, LsTimelineLayout *layout, guint row_index)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const GArray *notes = ls_timeline_layout_get_notes (layout);
  const LsTimelineMetrics *m = ls_timeline_layout_get_metrics (layout);

  const LsTimelineRow *row = ls_timeline_layout_get_row (layout, row_index);

  for (guint i = row->first_note; i < row->first_note + row->n_notes; i++)
    {
      const LsTimelineNote *note = &g_array_index (notes, LsTimelineNote, i);
      const LsTimelineLane *lane;
      const LsTimelineMark *mark;

      lane = ls_timeline_model_get_lane (model, note->lane);
      mark = &g_array_index (lane->marks, LsTimelineMark, note->mark);
      draw_text (self, cr, ls_timeline_model_get_string (model, mark->text),
                 mark->kind == LS_MARK_PRINT ? LS_FONT_MONO : LS_FONT_SMALL,
                 note->x, note->y + m->note_height / 2, note->width + 1, ALIGN_LEFT, mark_color (self->palette, mark->kind));
    }
}

static void
draw_lane_label (LsTimelinePainter *self, cairo_t *cr, LsTimelineLayout *layout, guint32 lane_index,
                 const LsTimelineRow *row)
{
  const LsTimelinePalette *p = self->palette;
  const LsTimelineMetrics *m = ls_timeline_layout_get_metrics (layout);
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const LsTimelineLane *lane = ls_timeline_model_get_lane (model, lane_index);
  double indent = lane->kind == LS_LANE_TASK ? MIN (lane->depth, 4) * 10 : 0;
  double x = m->margin + 4 + indent;
  double avail = ls_timeline_layout_get_plot_x (layout) - 12 - x;
  const char *detail = ls_timeline_model_get_string (model, lane->detail);
  g_autofree char *detail_line = lane->line != 0 ? g_strdup_printf ("%s · line %u", detail, lane->line)
                                                 : g_strdup (detail);
  const LsColor *name_color = lane->internal ? &p->dim : &p->foreground;

  if (row->compact)
    return;
  if (lane->depth > 0 && lane->kind == LS_LANE_TASK)
    {
      /* a hook from the parent's rows down to this one */
      set_color (cr, &p->grid);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x - 6.5, row->y);
      cairo_line_to (cr, x - 6.5, row->bar_y + row->bar_height / 2 + 0.5);
      cairo_line_to (cr, x - 2, row->bar_y + row->bar_height / 2 + 0.5);
      stroke (self, cr);
    }
  draw_text (self, cr, ls_timeline_model_get_string (model, lane->name), LS_FONT_NAME, x,
             row->bar_y + row->bar_height / 2, avail, ALIGN_LEFT, name_color);
  draw_text (self, cr, detail_line, LS_FONT_SMALL, x, row->bar_y + row->bar_height + m->note_height / 2 + 1, avail,
             ALIGN_LEFT, &p->dim);
}

static void
draw_row (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr, guint row_index)
{
  const LsTimelineRow *row = ls_timeline_layout_get_row (layout, row_index);
  const guint32 *lanes = ls_timeline_layout_get_row_lanes (layout);

  /* rows thinner than a pixel: draw the first of each pixel row only */
  if (row->compact && row->height < 1 && row_index > 0)
    {
      const LsTimelineRow *prev = ls_timeline_layout_get_row (layout, row_index - 1);

      if (floor (prev->bar_y) == floor (row->bar_y))
        return;
    }
  for (guint k = 0; k < row->n_lanes; k++)
    {
      guint32 lane = lanes[row->first + k];

      if (k == 0)
        draw_lane_label (self, cr, layout, lane, row);
      draw_lane_intervals (self, cr, layout, lane, row);
      draw_lane_marks (self, cr, layout, lane, row);
    }
  if (!row->compact)
    draw_notes (self, cr, layout, row_index);
}

/* --- timeouts and arrows ------------------------------------------------------- */

static void
draw_timeouts (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr)
{
  const LsTimelinePalette *p = self->palette;
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const GArray *timeouts = ls_timeline_model_get_timeouts (model);
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  double last_x = -INFINITY;
  guint last_row = G_MAXUINT;

  for (guint i = 0; i < timeouts->len; i++)
    {
      const LsTimelineTimeout *t = &g_array_index (timeouts, LsTimelineTimeout, i);
      guint row_index = ls_timeline_layout_row_for_lane (layout, t->lane);
      const LsTimelineRow *row;
      double x1, x_end, x_deadline, y;
      g_autofree char *label = NULL;

      if (row_index == G_MAXUINT || t->deadline < 0)
        continue;
      row = ls_timeline_layout_get_row (layout, row_index);
      x1 = ls_timeline_layout_x (layout, t->armed_time, t->armed_pos);
      x_deadline = ls_timeline_layout_x_for_time (layout, t->deadline);
      x_end = t->state == LS_TIMEOUT_PENDING ? x_deadline : ls_timeline_layout_x (layout, t->end_time, t->end_pos);
      if (x1 > right || MAX (x_end, x_deadline) < left)
        continue;
      /* level of detail: one per pixel column and row */
      if (row_index == last_row && floor (x1) == floor (last_x))
        continue;
      last_x = x1;
      last_row = row_index;
      y = row->bar_y - 4.5;
      if (row->compact)
        continue;
      cairo_save (cr);
      cairo_rectangle (cr, left - 1, row->y - 2, right - left + 2, row->height + 4);
      cairo_clip (cr);
      /* the bracket: armed … deadline (or where it ended) */
      set_color (cr, &p->timeout);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x1, y + 3);
      cairo_line_to (cr, x1, y);
      cairo_line_to (cr, x_end, y);
      stroke (self, cr);
      /* the deadline, drawn from the start: solid when it fired, dotted
       * when the block finished first */
      cairo_set_line_width (cr, t->state == LS_TIMEOUT_EXPIRED ? 2 : 1.5);
      if (t->state != LS_TIMEOUT_EXPIRED)
        cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
      if (t->state == LS_TIMEOUT_DISARMED || t->state == LS_TIMEOUT_RESCHEDULED)
        set_color (cr, &p->idle);
      cairo_move_to (cr, x_deadline, y - 3);
      cairo_line_to (cr, x_deadline, row->bar_y + row->bar_height + 3);
      stroke (self, cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_restore (cr);
      {
        char seconds[32];

        g_snprintf (seconds, sizeof seconds, "%g", t->deadline - t->armed_time);
        label = g_strdup_printf ("timeout %s s", seconds);
      }
      if (x_deadline - x1 > 40)
        draw_text (self, cr, label, LS_FONT_SMALL, x_deadline - 4, y - 6, x_deadline - x1 - 8, ALIGN_RIGHT,
                   t->state == LS_TIMEOUT_DISARMED ? &p->dim : &p->timeout);
    }
}

static void
draw_arrows (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr)
{
  const LsTimelinePalette *p = self->palette;
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const GArray *arrows = ls_timeline_model_get_arrows (model);
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  double last_col = -INFINITY;
  guint32 last_to = LS_TIMELINE_NO_LANE, last_from = LS_TIMELINE_NO_LANE;
  guint lo = 0, hi = arrows->len;

  /* arrows are in the order of their ends: start at the left edge */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const LsTimelineArrow *a = &g_array_index (arrows, LsTimelineArrow, mid);

      if (ls_timeline_layout_x (layout, a->to_time, a->to_pos) < left)
        lo = mid + 1;
      else
        hi = mid;
    }
  cairo_save (cr);
  cairo_rectangle (cr, left - 2, ls_timeline_layout_get_rows_y (layout), right - left + 4,
                   ls_timeline_layout_get_rows_bottom (layout) - ls_timeline_layout_get_rows_y (layout));
  cairo_clip (cr);
  for (guint i = lo; i < arrows->len; i++)
    {
      const LsTimelineArrow *a = &g_array_index (arrows, LsTimelineArrow, i);
      double x0 = ls_timeline_layout_x (layout, a->from_time, a->from_pos);
      double x1 = ls_timeline_layout_x (layout, a->to_time, a->to_pos);
      guint r0 = ls_timeline_layout_row_for_lane (layout, a->from_lane);
      guint r1 = ls_timeline_layout_row_for_lane (layout, a->to_lane);
      const LsTimelineRow *from_row, *to_row;
      double y0, y1, dy, head;
      const LsColor *color;

      if (x1 > right + ls_timeline_layout_get_plot_width (layout))
        break;
      if (r0 == G_MAXUINT || r1 == G_MAXUINT || r0 == r1 || x0 > right)
        continue;
      /* level of detail: one arrow per pixel column between two lanes */
      if (floor (x1) == last_col && a->to_lane == last_to && a->from_lane == last_from)
        continue;
      last_col = floor (x1);
      last_to = a->to_lane;
      last_from = a->from_lane;
      from_row = ls_timeline_layout_get_row (layout, r0);
      to_row = ls_timeline_layout_get_row (layout, r1);
      if (r1 > r0)
        {
          y0 = from_row->bar_y + from_row->bar_height;
          y1 = to_row->bar_y;
        }
      else
        {
          y0 = from_row->bar_y;
          y1 = to_row->bar_y + to_row->bar_height;
        }
      if (a->kind == LS_ARROW_CANCEL)
        y1 = to_row->bar_y + to_row->bar_height / 2 + (r1 > r0 ? -6 : 6);
      dy = y1 - y0;
      head = to_row->compact ? 3 : 6;
      switch ((LsArrowKind) a->kind)
        {
        case LS_ARROW_CREATE:
          color = &p->create;
          cairo_set_line_width (cr, 1.2);
          cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
          break;
        case LS_ARROW_CANCEL:
          color = &p->cancel;
          cairo_set_line_width (cr, 2.2);
          cairo_set_dash (cr, (double[]) { 7, 2, 2, 2 }, 4, 0);
          break;
        case LS_ARROW_WAKE:
        default:
          color = &p->wake;
          cairo_set_line_width (cr, 1.4);
          break;
        }
      set_color (cr, color);
      cairo_move_to (cr, x0, y0);
      cairo_curve_to (cr, x0, y0 + dy * 0.45, x1, y1 - dy * 0.45, x1, y1 - (dy > 0 ? head * 0.6 : -head * 0.6));
      stroke (self, cr);
      cairo_set_dash (cr, NULL, 0, 0);
      arrow_head (self, cr, x1, y1, (x1 - x0) * 0.15, dy, head);
    }
  cairo_restore (cr);
}

/* --- legend -------------------------------------------------------------------- */

static void
draw_legend (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr)
{
  const LsTimelinePalette *p = self->palette;
  const GArray *legend = ls_timeline_layout_get_legend (layout);
  const LsTimelineMetrics *m = ls_timeline_layout_get_metrics (layout);

  for (guint i = 0; i < legend->len; i++)
    {
      const LsTimelineLegendEntry *e = &g_array_index (legend, LsTimelineLegendEntry, i);
      double x = e->x, y = e->y + (m->legend_line - 12) / 2, w = 20, h = 12, cy = y + h / 2;

      switch ((LsLegendItem) e->item)
        {
        case LS_LEGEND_RUNNING:
          set_color (cr, &p->running);
          cairo_rectangle (cr, x, y, w, h);
          fill (self, cr);
          break;
        case LS_LEGEND_CALLBACK:
          set_color (cr, &p->callback);
          cairo_rectangle (cr, x, y, w, h);
          fill (self, cr);
          break;
        case LS_LEGEND_SCHEDULED:
          set_color (cr, &p->scheduled);
          cairo_rectangle (cr, x, y + h * 0.3, w, h * 0.4);
          fill (self, cr);
          set_color (cr, &p->scheduled_edge);
          cairo_set_line_width (cr, 1);
          cairo_rectangle (cr, x + 0.5, y + h * 0.3 + 0.5, w - 1, h * 0.4 - 1);
          stroke (self, cr);
          break;
        case LS_LEGEND_WAITING:
          set_color (cr, &p->waiting);
          rounded_rect (cr, x, y, w, h, 3);
          fill (self, cr);
          set_color (cr, &p->waiting_edge);
          cairo_set_line_width (cr, 1);
          rounded_rect (cr, x + 0.5, y + 0.5, w - 1, h - 1, 3);
          stroke (self, cr);
          break;
        case LS_LEGEND_LOOP_BLOCKED:
          hatch (self, cr, x, y, w, h, &p->loop_blocked_bg, &p->loop_blocked);
          break;
        case LS_LEGEND_THREAD_SLEEP:
          hatch (self, cr, x, y, w, h, &p->thread_sleep_bg, &p->thread_sleep);
          break;
        case LS_LEGEND_IDLE:
          set_color (cr, &p->idle);
          cairo_set_line_width (cr, 1.5);
          cairo_set_dash (cr, (double[]) { 1.5, 3 }, 2, 0);
          cairo_move_to (cr, x, cy);
          cairo_line_to (cr, x + w, cy);
          stroke (self, cr);
          cairo_set_dash (cr, NULL, 0, 0);
          break;
        case LS_LEGEND_DONE:
          glyph_check (self, cr, x + 10, cy, 6, &p->done, &p->background);
          break;
        case LS_LEGEND_FAILED:
          glyph_cross (self, cr, x + 10, cy, 5.5, &p->failed, &p->background);
          break;
        case LS_LEGEND_CANCELLED:
          glyph_slash (self, cr, x + 10, cy, 6, &p->cancelled, &p->background);
          break;
        case LS_LEGEND_PRINT:
          glyph_print (self, cr, x + 10, cy, 4, &p->foreground);
          break;
        case LS_LEGEND_TIMEOUT:
          set_color (cr, &p->timeout);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, x, cy - 3);
          cairo_line_to (cr, x, cy - 5);
          cairo_line_to (cr, x + w - 4, cy - 5);
          stroke (self, cr);
          cairo_set_dash (cr, (double[]) { 3, 2 }, 2, 0);
          cairo_move_to (cr, x + w - 4, cy - 6);
          cairo_line_to (cr, x + w - 4, cy + 6);
          stroke (self, cr);
          cairo_set_dash (cr, NULL, 0, 0);
          break;
        case LS_LEGEND_CREATE:
        case LS_LEGEND_WAKE:
        case LS_LEGEND_CANCEL:
          {
            const LsColor *color = e->item == LS_LEGEND_CREATE ? &p->create : e->item == LS_LEGEND_WAKE ? &p->wake : &p->cancel;

            set_color (cr, color);
            cairo_set_line_width (cr, e->item == LS_LEGEND_CANCEL ? 2.2 : 1.3);
            if (e->item == LS_LEGEND_CREATE)
              cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
            else if (e->item == LS_LEGEND_CANCEL)
              cairo_set_dash (cr, (double[]) { 7, 2, 2, 2 }, 4, 0);
            cairo_move_to (cr, x, cy);
            cairo_line_to (cr, x + w - 5, cy);
            stroke (self, cr);
            cairo_set_dash (cr, NULL, 0, 0);
            arrow_head (self, cr, x + w, cy, 1, 0, 6);
            if (e->item == LS_LEGEND_CANCEL)
              glyph_diamond (self, cr, x + w + 4, cy, 4, &p->cancel, &p->background);
          }
          break;
        case LS_LEGEND_SHIELD:
          glyph_shield (self, cr, x + 10, cy - 1, 5, &p->shield, &p->background);
          break;
        case LS_N_LEGEND_ITEMS:
        default:
          break;
        }
      draw_text (self, cr, e->text, LS_FONT_SMALL, x + 26 + (e->item == LS_LEGEND_CANCEL ? 4 : 0), cy, 0, ALIGN_LEFT,
                 &p->dim);
    }
}

/* --- entry points -------------------------------------------------------------- */

void
ls_timeline_painter_draw_part (LsTimelinePainter *self,
                               LsTimelineLayout  *layout,
                               cairo_t           *cr,
                               LsPaintPart        part,
                               guint              row)
{
  cairo_save (cr);
  switch (part)
    {
    case LS_PAINT_BACKGROUND:
      draw_background (self, layout, cr);
      break;
    case LS_PAINT_ROW:
      if (row < ls_timeline_layout_get_n_rows (layout))
        draw_row (self, layout, cr, row);
      break;
    case LS_PAINT_OVERLAY:
      draw_timeouts (self, layout, cr);
      draw_arrows (self, layout, cr);
      break;
    case LS_PAINT_LEGEND:
      draw_legend (self, layout, cr);
      break;
    default:
      break;
    }
  cairo_restore (cr);
}

void
ls_timeline_painter_draw (LsTimelinePainter *self,
                          LsTimelineLayout  *layout,
                          cairo_t           *cr)
{
  guint n_rows = ls_timeline_layout_get_n_rows (layout);

  ls_timeline_painter_draw_part (self, layout, cr, LS_PAINT_BACKGROUND, 0);
  for (guint r = 0; r < n_rows; r++)
    ls_timeline_painter_draw_part (self, layout, cr, LS_PAINT_ROW, r);
  ls_timeline_painter_draw_part (self, layout, cr, LS_PAINT_OVERLAY, 0);
  ls_timeline_painter_draw_part (self, layout, cr, LS_PAINT_LEGEND, 0);
}
