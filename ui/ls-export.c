/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-export.c — SVG, PNG and PDF through cairo's surfaces.
 *
 * SVG lanes as groups.  A reader of an exported SVG (a person editing it
 * for a slide, a script, a screen reader) wants each lane as one element
 * named after its task: `<g id="lane-Task-2"><title>Task-2 …</title>…</g>`.
 * cairo's SVG surface cannot say that: it has no grouping or metadata call
 * (its tag API, cairo_tag_begin, is for PDF only), and its output's inner
 * structure changes between cairo versions, so finding one lane's drawing
 * inside one big cairo document afterwards would be guesswork.  Instead
 * each part of the diagram (background, every row, the arrows, the legend)
 * is drawn by the same painter on a surface of its own, the full size of
 * the diagram so coordinates need no change, and the parts' contents are
 * nested, in drawing order, inside our own root element, each in a `<g>`
 * we name.  Of cairo's output we rely only on what any SVG document has:
 * one root `<svg>` element, and internal references written `id="…"`,
 * `href="#…"` and `url(#…)`, which get a per-part prefix so that the
 * glyph and clip definitions of two parts never clash.  The result is
 * deterministic (cairo numbers its ids in order, and we add no date).
 */
#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>

#include "ls-export.h"
#include "ls-timeline-layout.h"
#include "ls-timeline-painter.h"

/* cairo's image surfaces stop at 32767 pixels; PDF viewers at 200 inches */
#define MAX_PNG_SIDE 32000.0
#define MAX_PDF_SIDE 14400.0
#define MAX_SVG_HEIGHT 60000.0

static cairo_status_t
append_to_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t status, const char *what, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot draw the %s: %s", what, cairo_status_to_string (status));
  return FALSE;
}

/* --- SVG -------------------------------------------------------------------- */

/* The content of cairo's document: what is inside its root element, with
 * its ids prefixed. */
static gboolean
append_part_body (GString *out, const GByteArray *doc, const char *prefix, GError **error)
{
  static GRegex *references;
  g_autofree char *text = g_strndup ((const char *) doc->data, doc->len);
  g_autofree char *body = NULL, *renamed = NULL;
  g_autofree char *replacement = g_strdup_printf ("\\1%s-", prefix);
  const char *start = strstr (text, "<svg");
  const char *end = g_strrstr (text, "</svg>");

  if (g_once_init_enter (&references))
    g_once_init_leave (&references, g_regex_new ("(\\bid=\"|href=\"#|url\\(#)", G_REGEX_OPTIMIZE, 0, NULL));
  if (start != NULL)
    start = strchr (start, '>');
  if (start == NULL || end == NULL || end < start)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cairo wrote no SVG document");
      return FALSE;
    }
  body = g_strndup (start + 1, end - start - 1);
  renamed = g_regex_replace (references, body, -1, 0, replacement, 0, error);
  if (renamed == NULL)
    return FALSE;
  g_string_append (out, renamed);
  return TRUE;
}

static gboolean
render_part (LsTimelinePainter *painter, LsTimelineLayout *layout, LsPaintPart part, guint row,
             GString *out, const char *prefix, GError **error)
{
  g_autoptr(GByteArray) doc = g_byte_array_new ();
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (append_to_bytes, doc,
                                                                  ls_timeline_layout_get_width (layout),
                                                                  ls_timeline_layout_get_height (layout));
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  ls_timeline_painter_draw_part (painter, layout, cr, part, row);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, "SVG", error))
    return FALSE;
  return append_part_body (out, doc, prefix, error);
}

/* An id made of the lane's name, e.g. "lane-Task-2", unique in the file. */
static char *
lane_id (LsTimelineModel *model, guint32 lane_index, GHashTable *used)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (model, lane_index);
  const char *name = lane->kind == LS_LANE_LOOP ? "loop" : ls_timeline_model_get_string (model, lane->name);
  GString *id = g_string_new ("lane-");
  g_autofree char *base = NULL;

  for (const char *p = name; *p != '\0'; p++)
    g_string_append_c (id, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '_');
  if (*name == '\0')
    g_string_append_printf (id, "%u", lane_index);
  base = g_strdup (id->str);
  for (guint n = 2; g_hash_table_contains (used, id->str); n++)
    {
      g_string_assign (id, base);
      g_string_append_printf (id, "-%u", n);
    }
  g_hash_table_add (used, g_strdup (id->str));
  return g_string_free (id, FALSE);
}

static char *
lane_title (LsTimelineModel *model, guint32 lane_index)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (model, lane_index);
  const char *name = ls_timeline_model_get_string (model, lane->name);
  const char *detail = ls_timeline_model_get_string (model, lane->detail);

  if (lane->line != 0)
    return g_strdup_printf ("%s %s, created at line %u", name, detail, lane->line);
  return g_strdup_printf ("%s %s", name, detail);
}

static GBytes *
render_svg (LsTimelinePainter *painter, LsTimelineLayout *layout, GError **error)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const guint32 *row_lanes = ls_timeline_layout_get_row_lanes (layout);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *out = g_string_new (NULL);
  const char *title = ls_timeline_layout_get_title (layout);
  g_autofree char *escaped_title = g_markup_escape_text (title != NULL ? title : "Loopscope timeline", -1);
  double width = ls_timeline_layout_get_width (layout);
  double height = ls_timeline_layout_get_height (layout);
  char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (w, sizeof w, "%g", width);
  g_ascii_formatd (h, sizeof h, "%g", height);
  g_string_append_printf (out,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                          "width=\"%s\" height=\"%s\" viewBox=\"0 0 %s %s\" version=\"1.1\">\n"
                          "<title>%s</title>\n"
                          "<desc>Timeline of an asyncio program, drawn by Loopscope</desc>\n",
                          w, h, w, h, escaped_title);

  g_string_append (out, "<g id=\"background\">");
  if (!render_part (painter, layout, LS_PAINT_BACKGROUND, 0, out, "bg", error))
    goto failed;
  g_string_append (out, "</g>\n");
  for (guint r = 0; r < ls_timeline_layout_get_n_rows (layout); r++)
    {
      const LsTimelineRow *row = ls_timeline_layout_get_row (layout, r);
      g_autofree char *id = lane_id (model, row_lanes[row->first], used);
      g_autofree char *prefix = g_strdup_printf ("r%u", r);
      const LsTimelineLane *lane = ls_timeline_model_get_lane (model, row_lanes[row->first]);
      const char *kind = lane->kind == LS_LANE_LOOP ? "loop" : lane->kind == LS_LANE_THREAD ? "thread" : "task";

      g_string_append_printf (out, "<g id=\"%s\" class=\"lane %s\">", id, kind);
      for (guint k = 0; k < row->n_lanes; k++)
        {
          g_autofree char *text = lane_title (model, row_lanes[row->first + k]);
          g_autofree char *escaped = g_markup_escape_text (text, -1);

          g_string_append_printf (out, "<title>%s</title>", escaped);
        }
      if (!render_part (painter, layout, LS_PAINT_ROW, r, out, prefix, error))
        goto failed;
      g_string_append (out, "</g>\n");
    }
  g_string_append (out, "<g id=\"arrows\">");
  if (!render_part (painter, layout, LS_PAINT_OVERLAY, 0, out, "ov", error))
    goto failed;
  g_string_append (out, "</g>\n<g id=\"legend\">");
  if (!render_part (painter, layout, LS_PAINT_LEGEND, 0, out, "lg", error))
    goto failed;
  g_string_append (out, "</g>\n</svg>\n");
  return g_string_free_to_bytes (out);

failed:
  g_string_free (out, TRUE);
  return NULL;
}

/* --- PNG and PDF --------------------------------------------------------------- */

static GBytes *
render_png (LsTimelinePainter *painter, LsTimelineLayout *layout, GError **error)
{
  int width = (int) ceil (ls_timeline_layout_get_width (layout));
  int height = (int) ceil (ls_timeline_layout_get_height (layout));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_status_t status;
  cairo_t *cr;

  cr = cairo_create (surface);
  ls_timeline_painter_draw (painter, layout, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_to_bytes, bytes);
  cairo_surface_destroy (surface);
  if (!check_status (status, "PNG", error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static GBytes *
render_pdf (LsTimelinePainter *painter, LsTimelineLayout *layout, GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes,
                                                                  ls_timeline_layout_get_width (layout),
                                                                  ls_timeline_layout_get_height (layout));
  const char *title = ls_timeline_layout_get_title (layout);
  cairo_status_t status;
  cairo_t *cr;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title != NULL ? title : "Loopscope timeline");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Loopscope");
  cr = cairo_create (surface);
  ls_timeline_painter_draw (painter, layout, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, "PDF", error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

GBytes *
ls_export_render (LsTimelineModel       *model,
                  LsExportFormat         format,
                  const LsExportOptions *options,
                  GError               **error)
{
  g_autoptr(LsTimelinePainter) painter = ls_timeline_painter_new (options->dark);
  g_autoptr(LsTimelineLayout) layout = ls_timeline_layout_new (model);
  LsTimelineMetrics metrics;
  double width = options->width > 0 ? options->width : 1200;

  ls_timeline_metrics_init_default (&metrics);
  switch (format)
    {
    case LS_EXPORT_PNG:
      width = MIN (width, MAX_PNG_SIDE);
      metrics.max_height = MAX_PNG_SIDE;
      break;
    case LS_EXPORT_PDF:
      width = MIN (width, MAX_PDF_SIDE);
      metrics.max_height = MAX_PDF_SIDE;
      break;
    case LS_EXPORT_SVG:
    default:
      metrics.max_height = MAX_SVG_HEIGHT;
      break;
    }
  ls_timeline_layout_set_metrics (layout, &metrics);
  ls_timeline_painter_attach (painter, layout);
  ls_timeline_layout_set_width (layout, width);
  ls_timeline_layout_set_range (layout, options->from, options->to);
  ls_timeline_layout_set_title (layout, options->title);
  ls_timeline_layout_set_show_internal (layout, options->show_internal);
  ls_timeline_layout_update (layout);

  switch (format)
    {
    case LS_EXPORT_PNG:
      return render_png (painter, layout, error);
    case LS_EXPORT_PDF:
      return render_pdf (painter, layout, error);
    case LS_EXPORT_SVG:
    default:
      return render_svg (painter, layout, error);
    }
}

gboolean
ls_export_write (LsTimelineModel       *model,
                 LsExportFormat         format,
                 const char            *path,
                 const LsExportOptions *options,
                 GError               **error)
{
  g_autoptr(GBytes) bytes = ls_export_render (model, format, options, error);
  gsize size;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  /* a temporary file beside `path`, renamed into place; removed on failure */
  return g_file_set_contents (path, data, (gssize) size, error);
}
