/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-painter.c — the timeline drawn with cairo and pango.
 *
 * Level of detail, so that a frame of a million events costs a few
 * milliseconds however the run is zoomed:
 *  - culling: only the rows the clip shows are drawn, a lane's intervals
 *    from the first one at the left edge (binary search), a packed row's
 *    lanes only when their span (ls_timeline_layout_get_row_spans) is in
 *    view;
 *  - where several intervals fall inside one pixel column, the painter
 *    jumps over them (a galloping search) and draws one mark for the
 *    column;
 *  - rows too thin for text, and rows with more intervals in view than
 *    pixels for them, are drawn as images of their pixel columns
 *    (ls-timeline-raster.h), one paint a row or one for all the squeezed
 *    rows, written straight into an image target's pixels when it is
 *    drawn in whole pixels;
 *  - the glyphs and labels of those busy rows are stamped from small
 *    images, one per quarter-pixel phase, not shaped and stroked anew;
 *  - arrows are drawn while their total length fits a budget: beyond
 *    it they would only hide the bars;
 *  - texts are shaped once and kept (PangoLayouts by font, width and
 *    text; widths alone for the layout's measuring).
 * The examples' diagrams are below every threshold: they are drawn shape
 * by shape, exactly as before (build-aux/regen-diagrams.py --check).
 */
#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "ls-timeline-painter.h"
#include "ls-timeline-raster.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* Each style as pixels, made once per painter: one colour for a bar a
 * pixel or two tall, and what the bar's top edge, inside and bottom edge
 * are when it is tall enough for them. */
typedef struct
{
  guint32 flat[LS_N_RASTER_STYLES];
  guint32 edge[LS_N_RASTER_STYLES];
  guint32 inside[LS_N_RASTER_STYLES];
} ColumnColors;

struct _LsTimelinePainter
{
  const LsTimelinePalette *palette;
  PangoContext            *context;
  PangoFontDescription    *fonts[LS_N_FONTS];
  GHashTable              *texts;    /* "font:width:text" -> CachedText */
  guint                    text_serial;
  GHashTable              *widths;   /* "font:text" -> double* */
  guint                    width_serial;
  PangoLayout             *measurer; /* for widths */
  GString                 *key;      /* scratch for the caches' keys */
  cairo_font_options_t    *target_options;  /* what update_context() last saw */
  cairo_matrix_t           target_matrix;
  guint64                  n_primitives;
  LsTimelineRaster        *raster;   /* busy bars' columns */
  GArray                  *line;     /* guint32: scratch for a compact row's pixels */
  ColumnColors             columns;
  cairo_surface_t         *band;     /* draw_compact_band()'s image, for image targets */
  gboolean                 no_direct; /* tests: always through the band's image */
  GHashTable              *stamps;   /* StampKey -> its image: glyphs of busy rows */
  gboolean                 stamping; /* draw glyphs and texts as stamps (a busy row, in whole pixels) */
  guint                    n_stamps; /* texts' stamps in `texts` */
};

/* A glyph drawn once into an image, then stamped: a busy row (hundreds
 * of tasks ending, timeouts expiring) drew each with a fill and a stroke
 * that cairo tessellated anew every time.  The image is keyed by where
 * in its pixel the glyph's centre falls, in quarters, so a stamp lands
 * within an eighth of a pixel of the shape it stands for. */
typedef void (*GlyphFunc) (LsTimelinePainter *self, cairo_t *cr, double x, double y, double r, const LsColor *color,
                           const LsColor *on);

typedef struct
{
  GlyphFunc      func;
  const LsColor *color;
  const LsColor *on;
  double         r;
  int            phase;   /* quarters of a pixel: 4 × y + x */
} StampKey;

static guint
stamp_key_hash (gconstpointer data)
{
  const StampKey *key = data;

  return g_direct_hash ((gpointer) key->func) ^ g_direct_hash (key->color) * 31 ^ g_direct_hash (key->on) * 17 ^
         g_double_hash (&key->r) * 7 ^ (guint) key->phase;
}

static gboolean
stamp_key_equal (gconstpointer a, gconstpointer b)
{
  const StampKey *x = a, *y = b;

  return x->func == y->func && x->color == y->color && x->on == y->on && x->r == y->r && x->phase == y->phase;
}

static void cached_text_free (gpointer data);
static void column_colors_init (ColumnColors *colors, const LsTimelinePalette *p);

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
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_text_free);
  self->text_serial = pango_context_get_serial (self->context);
  self->widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->width_serial = self->text_serial;
  self->measurer = pango_layout_new (self->context);
  self->key = g_string_new (NULL);
  pango_layout_set_single_paragraph_mode (self->measurer, TRUE);
  self->raster = ls_timeline_raster_new ();
  self->stamps = g_hash_table_new_full (stamp_key_hash, stamp_key_equal, g_free, (GDestroyNotify) cairo_surface_destroy);
  self->line = g_array_new (FALSE, FALSE, sizeof (guint32));
  column_colors_init (&self->columns, self->palette);
  return self;
}

void
ls_timeline_painter_free (LsTimelinePainter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->texts);
  g_hash_table_unref (self->widths);
  g_object_unref (self->measurer);
  g_string_free (self->key, TRUE);
  g_clear_pointer (&self->target_options, cairo_font_options_destroy);
  g_clear_pointer (&self->band, cairo_surface_destroy);
  ls_timeline_raster_free (self->raster);
  g_hash_table_unref (self->stamps);
  g_array_unref (self->line);
  for (guint i = 0; i < LS_N_FONTS; i++)
    pango_font_description_free (self->fonts[i]);
  g_object_unref (self->context);
  g_free (self);
}

void
ls_timeline_painter_set_direct (LsTimelinePainter *self,
                                gboolean           direct)
{
  self->no_direct = !direct;
}

guint64
ls_timeline_painter_get_n_primitives (LsTimelinePainter *self)
{
  return self->n_primitives;
}

/* Shaping a text is what costs in drawing it (a tenth of a millisecond),
 * and a frame shows the same few dozen texts as the one before: so each
 * (font, width, text) keeps its laid-out PangoLayout until the context
 * changes (another cairo target's font options or scale).  Bounded: a
 * cache that grows past TEXT_CACHE_MAX starts again. */
#define TEXT_CACHE_MAX 4096

/* Texts of busy rows are stamped like their glyphs (see StampKey): an
 * image per quarter-pixel phase, in one colour.  Bounded too: past
 * STAMP_MAX images the text cache starts again. */
#define STAMP_STEPS 4
#define STAMP_MAX   2048

typedef struct
{
  PangoLayout     *layout;
  PangoRectangle   logical;
  const LsColor   *stamp_color;   /* the colour of the stamps */
  int              stamp_x;       /* where the text's origin is in them */
  int              stamp_y;
  cairo_surface_t *stamps[STAMP_STEPS * STAMP_STEPS];
} CachedText;

static void
cached_text_free (gpointer data)
{
  CachedText *cached = data;

  g_object_unref (cached->layout);
  for (guint i = 0; i < G_N_ELEMENTS (cached->stamps); i++)
    g_clear_pointer (&cached->stamps[i], cairo_surface_destroy);
  g_free (cached);
}

static const CachedText *
lookup_text (LsTimelinePainter *self, const char *text, LsTimelineFont font, double max_width)
{
  int width = max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1;
  guint serial = pango_context_get_serial (self->context);
  g_autofree char *key = NULL;
  CachedText *cached;

  if (serial != self->text_serial || g_hash_table_size (self->texts) >= TEXT_CACHE_MAX || self->n_stamps > STAMP_MAX)
    {
      g_hash_table_remove_all (self->texts);
      self->text_serial = serial;
      self->n_stamps = 0;
    }
  key = g_strdup_printf ("%d:%d:%s", (int) font, width, text);
  cached = g_hash_table_lookup (self->texts, key);
  if (cached != NULL)
    return cached;
  cached = g_new0 (CachedText, 1);
  cached->layout = pango_layout_new (self->context);
  pango_layout_set_single_paragraph_mode (cached->layout, TRUE);
  pango_layout_set_font_description (cached->layout, self->fonts[font]);
  pango_layout_set_text (cached->layout, text, -1);
  pango_layout_set_width (cached->layout, width);
  pango_layout_set_ellipsize (cached->layout, width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_get_extents (cached->layout, NULL, &cached->logical);
  g_hash_table_insert (self->texts, g_steal_pointer (&key), cached);
  return cached;
}

/* pango_cairo_update_context() tells the context it changed on every
 * call, which would throw the cached layouts away for every text: so it
 * is called only when what it reads changed (the scale of the cairo
 * matrix, the target's font options). */
static void
update_context (LsTimelinePainter *self, cairo_t *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_matrix_t matrix;

  cairo_get_matrix (cr, &matrix);
  cairo_surface_get_font_options (cairo_get_target (cr), options);
  if (self->target_options != NULL && cairo_font_options_equal (options, self->target_options) &&
      matrix.xx == self->target_matrix.xx && matrix.yx == self->target_matrix.yx &&
      matrix.xy == self->target_matrix.xy && matrix.yy == self->target_matrix.yy)
    {
      cairo_font_options_destroy (options);
      return;
    }
  g_clear_pointer (&self->target_options, cairo_font_options_destroy);
  self->target_options = options;
  self->target_matrix = matrix;
  pango_cairo_update_context (cr, self->context);
}

/* Widths alone, for the layout's placing of labels: it measures every
 * print in view (thousands of different texts), and keeping a laid-out
 * PangoLayout for each would fill the cache above over and over.  Keys
 * are the font's digit, then the text. */
#define WIDTH_CACHE_MAX 65536

double
ls_timeline_painter_measure (LsTimelinePainter *self,
                             const char        *text,
                             LsTimelineFont     font)
{
  guint serial = pango_context_get_serial (self->context);
  g_autofree char *key = NULL;
  PangoRectangle logical;
  double *width;

  if (serial != self->width_serial || g_hash_table_size (self->widths) >= WIDTH_CACHE_MAX)
    {
      g_hash_table_remove_all (self->widths);
      self->width_serial = serial;
    }
  /* no printf: this runs for every print in view at every zoom */
  g_string_truncate (self->key, 0);
  g_string_append_c (self->key, (char) ('0' + font));
  g_string_append (self->key, text);
  width = g_hash_table_lookup (self->widths, self->key->str);
  if (width != NULL)
    return *width;
  key = g_strdup (self->key->str);
  pango_layout_set_font_description (self->measurer, self->fonts[font]);
  pango_layout_set_text (self->measurer, text, -1);
  pango_layout_get_extents (self->measurer, NULL, &logical);
  width = g_new (double, 1);
  *width = logical.width / (double) PANGO_SCALE;
  g_hash_table_insert (self->widths, g_steal_pointer (&key), width);
  return *width;
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
/* A text at (x, y) (its layout's origin) from its stamp for that phase. */
static void
stamp_text (LsTimelinePainter *self, cairo_t *cr, CachedText *cached, double x, double y, const LsColor *color)
{
  double ix = floor (x), iy = floor (y);
  int px = CLAMP ((int) ((x - ix) * STAMP_STEPS), 0, STAMP_STEPS - 1);
  int py = CLAMP ((int) ((y - iy) * STAMP_STEPS), 0, STAMP_STEPS - 1);
  cairo_surface_t **stamp = &cached->stamps[py * STAMP_STEPS + px];

  if (cached->stamp_color != color)
    {
      for (guint i = 0; i < G_N_ELEMENTS (cached->stamps); i++)
        g_clear_pointer (&cached->stamps[i], cairo_surface_destroy);
      cached->stamp_color = color;
    }
  if (*stamp == NULL)
    {
      PangoRectangle ink, logical;
      cairo_t *stamp_cr;
      int width, height;

      pango_layout_get_pixel_extents (cached->layout, &ink, &logical);
      cached->stamp_x = 2 - MIN (MIN (ink.x, logical.x), 0);
      cached->stamp_y = 2 - MIN (MIN (ink.y, logical.y), 0);
      width = cached->stamp_x + MAX (ink.x + ink.width, logical.x + logical.width) + 3;
      height = cached->stamp_y + MAX (ink.y + ink.height, logical.y + logical.height) + 3;
      *stamp = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      stamp_cr = cairo_create (*stamp);
      set_color (stamp_cr, color);
      cairo_move_to (stamp_cr, cached->stamp_x + (px + 0.5) / STAMP_STEPS, cached->stamp_y + (py + 0.5) / STAMP_STEPS);
      pango_cairo_show_layout (stamp_cr, cached->layout);
      cairo_destroy (stamp_cr);
      self->n_stamps++;
    }
  cairo_set_source_surface (cr, *stamp, ix - cached->stamp_x, iy - cached->stamp_y);
  cairo_rectangle (cr, ix - cached->stamp_x, iy - cached->stamp_y, cairo_image_surface_get_width (*stamp),
                   cairo_image_surface_get_height (*stamp));
  fill (self, cr);
}

static double
draw_text (LsTimelinePainter *self, cairo_t *cr, const char *text, LsTimelineFont font,
           double x, double y_mid, double max_width, Align align, const LsColor *color)
{
  const CachedText *cached;
  double w;

  if (text == NULL || *text == '\0' || (max_width > 0 && max_width < 8))
    return 0;
  update_context (self, cr);
  cached = lookup_text (self, text, font, max_width);
  w = cached->logical.width / (double) PANGO_SCALE;
  if (align == ALIGN_CENTER)
    x -= w / 2;
  else if (align == ALIGN_RIGHT)
    x -= w;
  if (self->stamping && cached->logical.width < 400 * PANGO_SCALE)
    {
      stamp_text (self, cr, (CachedText *) cached, x, y_mid - cached->logical.height / (double) PANGO_SCALE / 2, color);
      return w;
    }
  set_color (cr, color);
  cairo_move_to (cr, x, y_mid - cached->logical.height / (double) PANGO_SCALE / 2);
  pango_cairo_show_layout (cr, cached->layout);
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
  double clip_x1, clip_top, clip_x2, clip_bottom;

  cairo_clip_extents (cr, &clip_x1, &clip_top, &clip_x2, &clip_bottom);

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
      if (row->y > clip_bottom || row->y + row->height < clip_top)
        continue;
      if (row->compact)
        {
          /* whole pixel rows: hundreds of antialiased edges cost milliseconds */
          double y = round (row->y);

          cairo_rectangle (cr, m->margin, y, width - 2 * m->margin, MAX (round (row->y + row->height) - y, 1));
        }
      else
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

/* Draws a glyph centred on (x, y): its shape, or its stamp while
 * stamping (see StampKey). */
static void
glyph (LsTimelinePainter *self, cairo_t *cr, GlyphFunc func, double x, double y, double r, const LsColor *color,
       const LsColor *on)
{
  StampKey key = { func, color, on, r, 0 };
  cairo_surface_t *image;
  double ix = floor (x), iy = floor (y);
  int px = CLAMP ((int) ((x - ix) * STAMP_STEPS), 0, STAMP_STEPS - 1);
  int py = CLAMP ((int) ((y - iy) * STAMP_STEPS), 0, STAMP_STEPS - 1);
  int pad = (int) ceil (r * 1.5) + 2;

  if (!self->stamping || !(r > 0 && r < 64))
    {
      func (self, cr, x, y, r, color, on);
      return;
    }
  key.phase = py * STAMP_STEPS + px;
  image = g_hash_table_lookup (self->stamps, &key);
  if (image == NULL)
    {
      cairo_t *stamp_cr;

      image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 2 * pad + 1, 2 * pad + 1);
      stamp_cr = cairo_create (image);
      func (self, stamp_cr, pad + (px + 0.5) / STAMP_STEPS, pad + (py + 0.5) / STAMP_STEPS, r, color, on);
      cairo_destroy (stamp_cr);
      g_hash_table_insert (self->stamps, g_memdup2 (&key, sizeof key), image);
    }
  cairo_set_source_surface (cr, image, ix - pad, iy - pad);
  cairo_rectangle (cr, ix - pad, iy - pad, 2 * pad + 1, 2 * pad + 1);
  fill (self, cr);
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
      glyph (self, cr, glyph_check, cx, cy, r, &p->done, &p->background);
      text = lane->kind == LS_LANE_THREAD ? _("finished") : _("done");
      break;
    case LS_STATE_FAILED:
      glyph (self, cr, glyph_cross, cx, cy, r * 0.9, &p->failed, &p->background);
      text = iv->label != 0 ? ls_timeline_model_get_string (model, iv->label) : _("failed");
      color = &p->failed;
      break;
    case LS_STATE_CANCELLED:
    default:
      glyph (self, cr, glyph_slash, cx, cy, r, &p->cancelled, &p->background);
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

/* With min_width > 0 the row is busy: its intervals narrower than that
 * are in its image already (draw_row_image). */
static void
draw_lane_intervals (LsTimelinePainter *self, cairo_t *cr, LsTimelineLayout *layout, guint32 lane_index,
                     const LsTimelineRow *row, double min_width)
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
      if (min_width > 0 && x2 - x1 < min_width && !is_end_state (iv->state))
        {
          i++;
          continue;
        }
      if (x2 - x1 < 1 && !is_end_state (iv->state))
        {
          double column = floor (x1);
          guint j = ls_timeline_layout_next_interval_at (layout, lane_index, i + 1, column + 1);

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
      glyph (self, cr, glyph_cross, x, top + h / 2, r * 0.75, &p->cancel, &p->background);
      break;
    case LS_MARK_CANCEL_DELIVERED:
      glyph (self, cr, glyph_diamond, x, top + h / 2, r, &p->cancel, &p->background);
      break;
    case LS_MARK_TIMEOUT_EXPIRED:
      set_color (cr, &p->timeout);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, top - 6);
      cairo_line_to (cr, x, top + h + 2);
      stroke (self, cr);
      glyph (self, cr, glyph_clock, x, top - 1, r, &p->timeout, &p->background);
      break;
    case LS_MARK_SHIELD:
      glyph (self, cr, glyph_shield, x, top + h / 2 - 1, r * 0.85, &p->shield, &p->background);
      break;
    case LS_MARK_ERROR:
      glyph (self, cr, glyph_warning, x, top + h / 2, r, &p->failed, &p->background);
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
          k = pass == 0 ? ls_timeline_layout_next_mark_at (layout, lane_index, k + 1, column + 1) : k + 1;
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
  g_autofree char *detail_line = lane->line != 0 ? g_strdup_printf (_("%s · line %u"), detail, lane->line)
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

/* --- busy bars as images (ls-timeline-raster.h) ------------------------------- */

static guint32
argb (const LsColor *c)
{
  return 0xff000000u | (guint32) (c->r * 255 + 0.5) << 16 | (guint32) (c->g * 255 + 0.5) << 8 | (guint32) (c->b * 255 + 0.5);
}

static void
column_style (ColumnColors *colors, LsRasterStyle style, const LsColor *flat, const LsColor *edge, const LsColor *inside)
{
  colors->flat[style] = flat != NULL ? argb (flat) : 0;
  colors->edge[style] = edge != NULL ? argb (edge) : 0;
  colors->inside[style] = inside != NULL ? argb (inside) : 0;
}

static void
column_colors_init (ColumnColors *colors, const LsTimelinePalette *p)
{
  /* a waiting bar is its fill inside its edge: at a pixel or two, both */
  LsColor waiting = { (p->waiting.r + p->waiting_edge.r) / 2, (p->waiting.g + p->waiting_edge.g) / 2,
                      (p->waiting.b + p->waiting_edge.b) / 2, 1 };

  column_style (colors, LS_RASTER_NONE, NULL, NULL, NULL);
  column_style (colors, LS_RASTER_RUNNING, &p->running, &p->running, &p->running);
  column_style (colors, LS_RASTER_CALLBACK, &p->callback, &p->callback, &p->callback);
  column_style (colors, LS_RASTER_SCHEDULED, &p->scheduled, &p->scheduled_edge, &p->scheduled);
  column_style (colors, LS_RASTER_WAITING, &waiting, &p->waiting_edge, &p->waiting);
  column_style (colors, LS_RASTER_LOOP_BLOCKED, &p->loop_blocked, &p->loop_blocked, &p->loop_blocked_bg);
  column_style (colors, LS_RASTER_THREAD_SLEEP, &p->thread_sleep, &p->thread_sleep, &p->thread_sleep_bg);
  column_style (colors, LS_RASTER_QUIET, &p->idle, &p->idle, NULL);
  column_style (colors, LS_RASTER_IDLE, &p->idle, NULL, NULL);
  column_style (colors, LS_RASTER_DONE, &p->done, &p->done, &p->done);
  column_style (colors, LS_RASTER_FAILED, &p->failed, &p->failed, &p->failed);
  column_style (colors, LS_RASTER_CANCELLED, &p->cancelled, &p->cancelled, &p->cancelled);
  for (guint k = 0; k <= LS_MARK_ERROR; k++)
    column_style (colors, LS_RASTER_MARK + k, mark_color (p, k), mark_color (p, k), mark_color (p, k));
}

/* The pixel of `style` in pixel row y of a bar `height` pixels tall: the
 * states' shapes of draw_interval(), at pixel size. */
static guint32
style_pixel (const ColumnColors *colors, LsRasterStyle style, int y, int height)
{
  int band_top = (int) round (height * 0.3), band_bottom = (int) round (height * 0.7);

  if (height <= 3)
    return colors->flat[style];
  switch (style)
    {
    case LS_RASTER_SCHEDULED:
      /* the thin bar in the middle, with its edge */
      if (y < band_top || y >= band_bottom)
        return 0;
      return y == band_top || y == band_bottom - 1 ? colors->edge[style] : colors->inside[style];
    case LS_RASTER_QUIET:
      /* the outline of a quiet wait */
      return y == height / 4 || y == height - 1 - height / 4 ? colors->edge[style] : 0;
    case LS_RASTER_IDLE:
      return y == height / 2 ? colors->flat[style] : 0;
    case LS_RASTER_WAITING:
    case LS_RASTER_LOOP_BLOCKED:
    case LS_RASTER_THREAD_SLEEP:
      return y == 0 || y == height - 1 ? colors->edge[style] : colors->inside[style];
    case LS_RASTER_NONE:
    case LS_RASTER_RUNNING:
    case LS_RASTER_CALLBACK:
    case LS_RASTER_DONE:
    case LS_RASTER_FAILED:
    case LS_RASTER_CANCELLED:
    case LS_RASTER_MARK:
    case LS_N_RASTER_STYLES:
    default:
      return colors->flat[style];
    }
}

/* Pixel row y of a bar `height` tall, from the columns' styles; a
 * compact row's bar is flat colours whatever its height. */
static void
styles_to_pixels (LsTimelinePainter *self, const guint8 *styles, guint n, gboolean flat, int y, int height,
                  guint32 *out)
{
  if (flat)
    for (guint c = 0; c < n; c++)
      out[c] = self->columns.flat[styles[c]];
  else
    for (guint c = 0; c < n; c++)
      out[c] = style_pixel (&self->columns, styles[c], y, height);
}

/* The pixel rows a bar of a compact or busy row covers: whole ones, so
 * that rows drawn apart and rows drawn as one band are the same picture. */
static void
bar_pixel_rows (const LsTimelineRow *row, int *y, int *height)
{
  *y = (int) round (row->bar_y);
  *height = MAX ((int) round (row->bar_y + row->bar_height) - *y, 1);
}

/* Rows thinner than a pixel: only the first of each pixel row is drawn. */
static gboolean
compact_row_hidden (LsTimelineLayout *layout, guint row_index)
{
  const LsTimelineRow *row = ls_timeline_layout_get_row (layout, row_index);
  const LsTimelineRow *prev;

  if (!row->compact || row->height >= 1 || row_index == 0)
    return FALSE;
  prev = ls_timeline_layout_get_row (layout, row_index - 1);
  return floor (prev->bar_y) == floor (row->bar_y);
}

static void
paint_image (LsTimelinePainter *self, cairo_t *cr, cairo_surface_t *image, int x, int y)
{
  cairo_surface_mark_dirty (image);
  cairo_set_source_surface (cr, image, x, y);
  cairo_rectangle (cr, x, y, cairo_image_surface_get_width (image), cairo_image_surface_get_height (image));
  fill (self, cr);
}

/* One row's bar as an image: a compact row, or a busy row's narrow
 * intervals (drawn before the rest of the row). */
static void
draw_row_image (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr, const LsTimelineRow *row)
{
  const guint8 *styles;
  cairo_surface_t *image;
  int first, y, height, stride;
  guint n;
  guint8 *data;

  styles = ls_timeline_raster_row (self->raster, layout, row, &first, &n);
  bar_pixel_rows (row, &y, &height);
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) n, height);
  cairo_surface_flush (image);
  stride = cairo_image_surface_get_stride (image);
  data = cairo_image_surface_get_data (image);
  if (data != NULL)
    {
      for (int r = 0; r < height; r++)
        styles_to_pixels (self, styles, n, row->compact, r, height, (guint32 *) (data + (gsize) r * stride));
      paint_image (self, cr, image, first, y);
    }
  cairo_surface_destroy (image);
}

/* An image for a band: the painter's own, reused from frame to frame,
 * when the target draws it at once (an image surface: a fresh one costs
 * a page fault every 4 KiB); a fresh one for targets that keep it, such
 * as the recording surfaces GTK draws into. */
static cairo_surface_t *
band_image (LsTimelinePainter *self, cairo_t *cr, int width, int height)
{
  cairo_surface_t *image;

  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  else
    {
      if (self->band == NULL || cairo_image_surface_get_width (self->band) != width ||
          cairo_image_surface_get_height (self->band) != height)
        {
          g_clear_pointer (&self->band, cairo_surface_destroy);
          self->band = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
        }
      image = cairo_surface_reference (self->band);
    }
  cairo_surface_flush (image);
  return image;
}

/* One pixel row of a band; over a row already drawn (bars closer than
 * a pixel), or straight into the target, as painting the image over it
 * would: its empty columns keep what is there (the band's pixels are
 * opaque or empty). */
static void
band_put_line (guint8 *dest, const guint32 *line, guint n, gboolean over)
{
  guint32 *out = (guint32 *) dest;
  guint c = 0;

  if (!over)
    {
      memcpy (out, line, n * sizeof (guint32));
      return;
    }
#if defined(__SSE2__)
  for (; c + 4 <= n; c += 4)
    {
      __m128i pixels = _mm_loadu_si128 ((const __m128i *) (line + c));
      __m128i empty = _mm_cmpeq_epi32 (pixels, _mm_setzero_si128 ());
      __m128i *at = (__m128i *) (out + c);

      _mm_storeu_si128 (at, _mm_or_si128 (pixels, _mm_and_si128 (empty, _mm_loadu_si128 (at))));
    }
#endif
  for (; c < n; c++)
    if (line[c] != 0)
      out[c] = line[c];
}

/* The band's pixel rows [top, bottom) from compact rows [first, last),
 * into an image of its own whose row 0 is `top`, or, when `direct`, into
 * the target's pixels, whose row 0 is `top` too, leaving the pixel rows
 * between bars untouched. */
static void
fill_band (LsTimelinePainter *self, LsTimelineLayout *layout, guint first, guint last, int top, int bottom,
           guint8 *data, int stride, int *x, gboolean direct)
{
  int written = top;   /* pixel rows above this one hold their final pixels */

  for (guint r = first; r < last; r++)
    {
      const LsTimelineRow *row = ls_timeline_layout_get_row (layout, r);
      const guint8 *styles;
      int y, height, y0, y1;
      guint n;

      bar_pixel_rows (row, &y, &height);
      y0 = MAX (y, top);
      y1 = MIN (y + height, bottom);
      if (y0 >= y1 || compact_row_hidden (layout, r))
        continue;
      if (y0 > written && !direct)
        memset (data + (gsize) (written - top) * stride, 0, (gsize) (y0 - written) * stride);
      styles = ls_timeline_raster_row (self->raster, layout, row, x, &n);
      g_array_set_size (self->line, n);
      styles_to_pixels (self, styles, n, TRUE, 0, height, (guint32 *) self->line->data);
      for (int k = y0; k < y1; k++)
        band_put_line (data + (gsize) (k - top) * stride, (guint32 *) self->line->data, n, direct || k < written);
      written = MAX (written, y1);
    }
  if (bottom > written && !direct)
    memset (data + (gsize) (written - top) * stride, 0, (gsize) (bottom - written) * stride);
}

/* Whether user space is the target's pixels moved by whole pixels: an
 * image painted there lands on whole pixels, unscaled. */
static gboolean
in_whole_pixels (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_matrix_t matrix;
  double sx, sy, dx, dy;

  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &dx, &dy);
  cairo_get_matrix (cr, &matrix);
  return sx == 1 && sy == 1 && dx == floor (dx) && dy == floor (dy) && matrix.xx == 1 && matrix.yy == 1 && matrix.xy == 0 && matrix.yx == 0 &&
         matrix.x0 == floor (matrix.x0) && matrix.y0 == floor (matrix.y0);
}

/* Where the band can go straight into the target's pixels, as a paint of
 * its image would put it there: an image surface in 32-bit pixels, drawn
 * in whole pixels (a translation by whole pixels, no device offset or
 * scale), with the default operator and a clip of one rectangle in whole
 * pixels.  That is what the exports and the benchmark draw into; it
 * saves writing the band once and compositing it again (a full frame:
 * 8 MB each way).  Returns the target's pixels at (x, top) of the band,
 * with the part of the band [*x1, *x2) × [*top, *bottom) that is in the
 * clip, or NULL where the band has to be an image of its own. */
static guint8 *
direct_target (cairo_t *cr, int x, int *x1, int *x2, int *top, int *bottom, int *stride)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_rectangle_list_t *clip;
  cairo_format_t format;
  cairo_matrix_t matrix;
  double dx, dy, sx, sy;
  int tx, ty, cx1, cy1, cx2, cy2;
  guint8 *data;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE || cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return NULL;
  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return NULL;
  cairo_surface_get_device_offset (target, &dx, &dy);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_get_matrix (cr, &matrix);
  if (dx != 0 || dy != 0 || sx != 1 || sy != 1 || matrix.xx != 1 || matrix.yy != 1 || matrix.xy != 0 ||
      matrix.yx != 0 || matrix.x0 != floor (matrix.x0) || matrix.y0 != floor (matrix.y0) ||
      fabs (matrix.x0) > G_MAXINT / 2 || fabs (matrix.y0) > G_MAXINT / 2)
    return NULL;
  tx = (int) matrix.x0;
  ty = (int) matrix.y0;
  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles != 1 ||
      clip->rectangles[0].x != floor (clip->rectangles[0].x) || clip->rectangles[0].y != floor (clip->rectangles[0].y) ||
      clip->rectangles[0].width != floor (clip->rectangles[0].width) ||
      clip->rectangles[0].height != floor (clip->rectangles[0].height))
    {
      cairo_rectangle_list_destroy (clip);
      return NULL;
    }
  /* in device pixels, inside the surface */
  cx1 = MAX ((int) clip->rectangles[0].x + tx, 0);
  cy1 = MAX ((int) clip->rectangles[0].y + ty, 0);
  cx2 = MIN ((int) (clip->rectangles[0].x + clip->rectangles[0].width) + tx, cairo_image_surface_get_width (target));
  cy2 = MIN ((int) (clip->rectangles[0].y + clip->rectangles[0].height) + ty, cairo_image_surface_get_height (target));
  cairo_rectangle_list_destroy (clip);
  *x1 = MAX (*x1 + tx, cx1) - tx;
  *x2 = MIN (*x2 + tx, cx2) - tx;
  *top = MAX (*top + ty, cy1) - ty;
  *bottom = MIN (*bottom + ty, cy2) - ty;
  cairo_surface_flush (target);
  data = cairo_image_surface_get_data (target);
  if (data == NULL)
    return NULL;
  *stride = cairo_image_surface_get_stride (target);
  /* may point outside the pixels when x is: only [x1, x2) is written */
  return data + (gssize) (*top + ty) * *stride + (gssize) (x + tx) * 4;
}

/* Compact rows [first, last) as one image: a paint for the whole band
 * rather than one a row (ls_timeline_painter_draw; the same picture as
 * drawing them one by one). */
static void
draw_compact_band (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr, guint first, guint last)
{
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  int x = (int) floor (left) - 2, width = (int) ceil (right) + 3 - x;
  double clip_x1, clip_top, clip_x2, clip_bottom;
  int top, bottom, y, height, x1, x2, stride;
  cairo_surface_t *image;
  guint8 *direct;

  cairo_clip_extents (cr, &clip_x1, &clip_top, &clip_x2, &clip_bottom);
  bar_pixel_rows (ls_timeline_layout_get_row (layout, first), &top, &height);
  bar_pixel_rows (ls_timeline_layout_get_row (layout, last - 1), &y, &height);
  bottom = y + height;
  x1 = x;
  x2 = x + width;
  direct = self->no_direct ? NULL : direct_target (cr, x, &x1, &x2, &top, &bottom, &stride);
  if (direct != NULL)
    {
      if (top < bottom && x1 < x2 && x1 == x && x2 == x + width)
        {
          cairo_surface_t *target = cairo_get_group_target (cr);
          cairo_matrix_t matrix;

          fill_band (self, layout, first, last, top, bottom, direct, stride, &x, TRUE);
          cairo_get_matrix (cr, &matrix);
          cairo_surface_mark_dirty_rectangle (target, x + (int) matrix.x0, top + (int) matrix.y0, width, bottom - top);
          self->n_primitives++;
          return;
        }
      if (top >= bottom || x1 >= x2)
        return;
      /* the clip cuts the band's sides: an image, clipped by cairo */
    }
  top = MAX (top, (int) floor (clip_top));
  bottom = MIN (bottom, (int) ceil (clip_bottom));
  if (top >= bottom)
    return;
  image = band_image (self, cr, width, bottom - top);
  if (cairo_image_surface_get_data (image) != NULL)
    {
      fill_band (self, layout, first, last, top, bottom, cairo_image_surface_get_data (image),
                 cairo_image_surface_get_stride (image), &x, FALSE);
      paint_image (self, cr, image, x, top);
    }
  cairo_surface_destroy (image);
}

#define ROW_OVERHANG 12.0

static gboolean
row_in_clip (cairo_t *cr, const LsTimelineRow *row)
{
  double x1, y1, x2, y2;

  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
  return row->y - ROW_OVERHANG <= y2 && row->y + row->height + ROW_OVERHANG >= y1;
}

static void
draw_row (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr, guint row_index)
{
  const LsTimelineRow *row = ls_timeline_layout_get_row (layout, row_index);
  const guint32 *lanes = ls_timeline_layout_get_row_lanes (layout);
  const LsTimelineSpan *spans = ls_timeline_layout_get_row_spans (layout);
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  LsTimelineXMap map;
  gboolean busy;

  /* culling: only the rows the clip shows (the view shows a window of a
   * diagram thousands of rows tall); glyphs and labels reach a few pixels
   * past their row */
  if (!row_in_clip (cr, row))
    return;
  if (compact_row_hidden (layout, row_index))
    return;
  if (row->compact)
    {
      draw_row_image (self, layout, cr, row);
      return;
    }
  busy = ls_timeline_raster_row_is_busy (layout, row);
  if (busy)
    draw_row_image (self, layout, cr, row);
  /* a busy row's glyphs as stamps: a level of detail like its image
   * (the examples' rows are never busy, so they keep their shapes) */
  self->stamping = busy && in_whole_pixels (cr);
  ls_timeline_layout_get_xmap (layout, &map);
  for (guint k = 0; k < row->n_lanes; k++)
    {
      guint32 lane = lanes[row->first + k];

      if (k == 0)
        draw_lane_label (self, cr, layout, lane, row);
      /* of the many tasks of a packed row, those out of view are passed
       * over; one that ended before the view would only pile its end
       * glyph at the left edge onto the others' (a row of its own still
       * shows there that its task is over) */
      if (row->n_lanes > 1 && !ls_timeline_xmap_span_in_view (&map, &spans[row->first + k], left, right))
        continue;
      draw_lane_intervals (self, cr, layout, lane, row, busy ? LS_RASTER_DETAIL_WIDTH : 0);
      draw_lane_marks (self, cr, layout, lane, row);
    }
  self->stamping = FALSE;
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
  double from = ls_timeline_layout_get_from (layout);
  gboolean timed = ls_timeline_layout_get_pixels_per_second (layout) > 0;
  double last_x = -INFINITY;
  guint last_row = G_MAXUINT;
  double clip_x1, clip_top, clip_x2, clip_bottom;
  LsTimelineXMap map;

  /* rows are squeezed all or none, and squeezed ones show no brackets */
  if (ls_timeline_layout_get_n_rows (layout) == 0 || ls_timeline_layout_get_row (layout, 0)->compact)
    return;
  /* A zoomed view passes over every timeout armed before its end (tens
   * of thousands in a long run): the cheap tests come first, on numbers
   * read once, not a query of the clip for each. */
  cairo_clip_extents (cr, &clip_x1, &clip_top, &clip_x2, &clip_bottom);
  ls_timeline_layout_get_xmap (layout, &map);
  for (guint i = 0; i < timeouts->len; i++)
    {
      const LsTimelineTimeout *t = &g_array_index (timeouts, LsTimelineTimeout, i);
      guint row_index;
      const LsTimelineRow *row;
      double x1, x_end, x_deadline, y;
      g_autofree char *label = NULL;

      if (t->deadline < 0)
        continue;
      x1 = ls_timeline_xmap_x (&map, t->armed_time, t->armed_pos);
      /* armed in order: the rest are to the right too */
      if (x1 > right)
        break;
      /* over before the view begins: no need to place the deadline */
      if (timed && t->state != LS_TIMEOUT_PENDING && t->deadline < from &&
          ls_timeline_xmap_x (&map, t->end_time, t->end_pos) < left)
        continue;
      row_index = ls_timeline_layout_row_for_lane (layout, t->lane);
      if (row_index == G_MAXUINT)
        continue;
      row = ls_timeline_layout_get_row (layout, row_index);
      if (row->y - ROW_OVERHANG > clip_bottom || row->y + row->height + ROW_OVERHANG < clip_top)
        continue;
      x_deadline = ls_timeline_layout_x_for_time (layout, t->deadline);
      x_end = t->state == LS_TIMEOUT_PENDING ? x_deadline : ls_timeline_xmap_x (&map, t->end_time, t->end_pos);
      if (MAX (x_end, x_deadline) < left)
        continue;
      /* level of detail: one per pixel column and row */
      if (row_index == last_row && floor (x1) == floor (last_x))
        continue;
      last_x = x1;
      last_row = row_index;
      y = row->bar_y - 4.5;
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

/* Arrows cost their length to rasterize (a curve down a thousand pixel
 * rows takes some 40 µs), and hundreds of them in one view only hide the
 * bars under a mesh.  So a kind of arrow is drawn when its arrows in view,
 * with those of the kinds drawn before it, add up to at most this many
 * pixels of height (half a millisecond): cancellations first, then
 * creations, then wake-ups.  The examples' diagrams use at most 700. */
#define ARROW_BUDGET 10000.0
/* More arrows than this in view: none is drawn, without measuring more. */
#define ARROW_SCAN_LIMIT 1024

/* The first arrow that ends at or after x: they are in the order of their ends. */
static guint
first_arrow_at (LsTimelineLayout *layout, const GArray *arrows, double x)
{
  guint lo = 0, hi = arrows->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const LsTimelineArrow *a = &g_array_index (arrows, LsTimelineArrow, mid);

      if (ls_timeline_layout_x (layout, a->to_time, a->to_pos) < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Whether the arrow from row r0 to row r1 would be drawn, and its ends'
 * x; FALSE also when it lies wholly above or below [top, bottom]. */
static gboolean
arrow_shown (LsTimelineLayout *layout, const LsTimelineArrow *a, double right, double top, double bottom,
             guint *r0, guint *r1)
{
  const LsTimelineRow *from_row, *to_row;

  *r0 = ls_timeline_layout_row_for_lane (layout, a->from_lane);
  *r1 = ls_timeline_layout_row_for_lane (layout, a->to_lane);
  if (*r0 == G_MAXUINT || *r1 == G_MAXUINT || *r0 == *r1 || ls_timeline_layout_x (layout, a->from_time, a->from_pos) > right)
    return FALSE;
  from_row = ls_timeline_layout_get_row (layout, MIN (*r0, *r1));
  to_row = ls_timeline_layout_get_row (layout, MAX (*r0, *r1));
  return from_row->y <= bottom && to_row->y + to_row->height >= top;
}

/* The kinds of arrow (1 << LsArrowKind) that fit ARROW_BUDGET. */
static guint
arrow_kinds_in_budget (LsTimelineLayout *layout, const GArray *arrows, guint first, double right, double top,
                       double bottom)
{
  static const LsArrowKind order[] = { LS_ARROW_CANCEL, LS_ARROW_CREATE, LS_ARROW_WAKE };
  double length[3] = { 0, 0, 0 }, total = 0;
  double far = right + ls_timeline_layout_get_plot_width (layout);
  guint kinds = 0;

  for (guint i = first; i < arrows->len; i++)
    {
      const LsTimelineArrow *a = &g_array_index (arrows, LsTimelineArrow, i);
      guint r0, r1;
      double y0, y1;

      if (ls_timeline_layout_x (layout, a->to_time, a->to_pos) > far)
        break;
      if (i - first >= ARROW_SCAN_LIMIT)
        return 0;
      if (a->kind >= G_N_ELEMENTS (length) || !arrow_shown (layout, a, right, top, bottom, &r0, &r1))
        continue;
      y0 = ls_timeline_layout_lane_mid_y (layout, a->from_lane);
      y1 = ls_timeline_layout_lane_mid_y (layout, a->to_lane);
      length[a->kind] += MAX (MIN (MAX (y0, y1), bottom) - MAX (MIN (y0, y1), top), 1);
    }
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    {
      total += length[order[k]];
      if (total > ARROW_BUDGET)
        break;
      kinds |= 1u << order[k];
    }
  return kinds;
}

static void
draw_arrow (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr, const LsTimelineArrow *a, guint r0,
            guint r1)
{
  const LsTimelinePalette *p = self->palette;
  double x0 = ls_timeline_layout_x (layout, a->from_time, a->from_pos);
  double x1 = ls_timeline_layout_x (layout, a->to_time, a->to_pos);
  const LsTimelineRow *from_row = ls_timeline_layout_get_row (layout, r0);
  const LsTimelineRow *to_row = ls_timeline_layout_get_row (layout, r1);
  double y0, y1, dy, head;
  const LsColor *color;

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

static void
draw_arrows (LsTimelinePainter *self, LsTimelineLayout *layout, cairo_t *cr)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const GArray *arrows = ls_timeline_model_get_arrows (model);
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  double last_col = -INFINITY;
  guint32 last_to = LS_TIMELINE_NO_LANE, last_from = LS_TIMELINE_NO_LANE;
  double clip_x1, clip_top, clip_x2, clip_bottom;
  guint first = first_arrow_at (layout, arrows, left);
  guint kinds;

  cairo_clip_extents (cr, &clip_x1, &clip_top, &clip_x2, &clip_bottom);
  kinds = arrow_kinds_in_budget (layout, arrows, first, right, clip_top, clip_bottom);
  if (kinds == 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, left - 2, ls_timeline_layout_get_rows_y (layout), right - left + 4,
                   ls_timeline_layout_get_rows_bottom (layout) - ls_timeline_layout_get_rows_y (layout));
  cairo_clip (cr);
  for (guint i = first; i < arrows->len; i++)
    {
      const LsTimelineArrow *a = &g_array_index (arrows, LsTimelineArrow, i);
      double x1 = ls_timeline_layout_x (layout, a->to_time, a->to_pos);
      guint r0, r1;

      if (x1 > right + ls_timeline_layout_get_plot_width (layout))
        break;
      if (!(kinds & (1u << a->kind)) || !arrow_shown (layout, a, right, clip_top, clip_bottom, &r0, &r1))
        continue;
      /* level of detail: one arrow per pixel column between two lanes */
      if (floor (x1) == last_col && a->to_lane == last_to && a->from_lane == last_from)
        continue;
      last_col = floor (x1);
      last_to = a->to_lane;
      last_from = a->from_lane;
      draw_arrow (self, layout, cr, a, r0, r1);
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
  double x1, top, x2, bottom;

  /* the view shows a window of a diagram thousands of rows tall: the rows
   * out of it are passed over here, without a save, a restore and a
   * query of the clip each */
  cairo_clip_extents (cr, &x1, &top, &x2, &bottom);
  ls_timeline_painter_draw_part (self, layout, cr, LS_PAINT_BACKGROUND, 0);
  for (guint r = 0; r < n_rows;)
    {
      guint end = r;

      while (end < n_rows && ls_timeline_layout_get_row (layout, end)->compact)
        end++;
      if (end == r)
        {
          const LsTimelineRow *row = ls_timeline_layout_get_row (layout, r);

          if (row->y - ROW_OVERHANG <= bottom && row->y + row->height + ROW_OVERHANG >= top)
            ls_timeline_painter_draw_part (self, layout, cr, LS_PAINT_ROW, r);
          r++;
          continue;
        }
      cairo_save (cr);
      draw_compact_band (self, layout, cr, r, end);
      cairo_restore (cr);
      r = end;
    }
  ls_timeline_painter_draw_part (self, layout, cr, LS_PAINT_OVERLAY, 0);
  ls_timeline_painter_draw_part (self, layout, cr, LS_PAINT_LEGEND, 0);
}
