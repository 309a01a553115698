/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-raster.c — busy bars as pixel columns (see the header).
 */
#define G_LOG_DOMAIN "loopscope-ui"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-timeline-raster.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* A full-height row is busy above one interval in view per this many
 * pixels of plot. */
#define BUSY_PIXELS_PER_INTERVAL 8.0

typedef enum
{
  RANK_NONE,
  RANK_IDLE,
  RANK_WAITING,
  RANK_BLOCKED,
  RANK_SCHEDULED,
  RANK_END,
  RANK_RUNNING,
  RANK_MARK,
} Rank;

/* A column's state as one byte, rank above style: the state a column
 * shows is then the largest code over it, whatever the order the
 * intervals come in (ties of one rank go to the later style of
 * LsRasterStyle), so that a summary of many intervals is the largest of
 * their codes and the loop that fills a bar's columns is a plain maximum
 * the compiler turns into vector instructions. */
#define CODE(rank, style) ((guint8) ((rank) << 5 | (style)))
#define CODE_STYLE(code)  ((code) & 31)

G_STATIC_ASSERT (LS_N_RASTER_STYLES <= 32);

/* The raster's copy of the model's intervals, and their summary.
 *
 * A frame of the whole run reads every lane in view, thousands of them,
 * and in the model each is a chain of three allocations (lane, array,
 * items): the frame spent most of its time waiting for memory.  Here
 * every lane's intervals are records in one array, side by side, found
 * through one small array of lane entries, and an interval's column code
 * is worked out once, not at every frame.
 *
 * After a lane's intervals, its slot holds their summary at coarser
 * resolutions: level k has a node for every aligned block of 4^(k+1)
 * intervals, with where the block starts and ends and the largest code in
 * it.  A block inside one pixel column at the frame's scale is that
 * column's code for all of its intervals, so a squeezed view of a long
 * lane reads a node where it would have read up to 4096 intervals, about
 * one per column.  The blocks follow the intervals' indices, not time, so
 * the same nodes serve every zoom and pan (x is computed at the frame
 * from the times and slots of a block's ends).  Nothing here depends on
 * the view; it follows the model as it grows (sync_lanes()). */
#define LEVEL_BITS 2
#define N_LEVELS   6

enum
{
  RECORD_END  = 1 << 0,   /* an end state: only its glyph's column is drawn */
  RECORD_OPEN = 1 << 1,   /* lasts to the model's end (the map's end_x) */
};

typedef struct
{
  double start_time;
  double start_pos;
  double end_time;
  double end_pos;
  guint8 code;
  guint8 flags;
} Record;

/* A mark: prints too (code 0: drawn as nothing), so that the level of
 * detail skips the same marks as over the model's. */
typedef struct
{
  double time;
  double pos;
  guint8 code;
} MarkRecord;

typedef struct
{
  guint32  offset;     /* of the slot in the pool */
  guint32  capacity;   /* intervals the slot has room for */
  guint32  len;        /* intervals copied: the lane's, when last synced */
  guint32  n_final;    /* the leading ones the nodes cover: before the last
                        * (which may still change), closed, not an end */
  guint32  revision;   /* the lane's, when synced */
  gboolean stopped;    /* n_final met an end or an open interval */
  guint32  mark_offset;   /* of the marks' slot in the mark pool */
  guint32  mark_capacity;
  guint32  n_marks;
} LaneEntry;

struct _LsTimelineRaster
{
  GByteArray *codes;
  GArray     *shown;         /* guint32: the row's lanes in view */
  GArray     *pool;          /* Record: the lanes' slots */
  GArray     *entries;       /* LaneEntry, by lane */
  GArray     *mark_pool;     /* MarkRecord: the lanes' marks, a slot each */
  gsize       garbage;       /* records of slots left behind by lanes that outgrew them */
  guint       model_id;      /* the model the pool is of, 0: none */
  gsize       model_records; /* and how far it had read */
  gboolean    use_summaries;
};

typedef struct
{
  int     first;       /* x of column 0 */
  guint   n;
  guint8 *codes;
} Columns;

LsTimelineRaster *
ls_timeline_raster_new (void)
{
  LsTimelineRaster *self = g_new0 (LsTimelineRaster, 1);

  self->codes = g_byte_array_new ();
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->pool = g_array_new (FALSE, FALSE, sizeof (Record));
  self->entries = g_array_new (FALSE, TRUE, sizeof (LaneEntry));
  self->mark_pool = g_array_new (FALSE, FALSE, sizeof (MarkRecord));
  self->use_summaries = TRUE;
  return self;
}

void
ls_timeline_raster_set_use_summaries (LsTimelineRaster *self,
                                      gboolean          use)
{
  self->use_summaries = use;
}

void
ls_timeline_raster_free (LsTimelineRaster *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->pool);
  g_array_unref (self->entries);
  g_array_unref (self->mark_pool);
  g_byte_array_unref (self->codes);
  g_array_unref (self->shown);
  g_free (self);
}

static gboolean
is_end_state (guint state)
{
  return state == LS_STATE_DONE || state == LS_STATE_FAILED || state == LS_STATE_CANCELLED;
}

/* Room after the last column, so that a bar of up to 16 columns is one
 * unaligned 16-byte maximum wherever it ends. */
#define COLUMNS_PAD 16

/* The columns from floor (x1) to ceil (x2), one at least.  Most bars of a
 * squeezed view are 1 to 16 columns wide, a different width each time: a
 * loop over them byte by byte mispredicts its exit every time, a masked
 * maximum of 16 bytes does not branch; a zoomed view's waits, hundreds of
 * columns wide, take 16 columns a step. */
static inline void
column_set (Columns *cols, double x1, double x2, guint8 code)
{
  int c1 = (int) floor (x1) - cols->first;
  int c2 = MAX ((int) ceil (x2) - cols->first, c1 + 1);

  c1 = MAX (c1, 0);
  c2 = MIN (c2, (int) cols->n);
  if (c1 >= c2)
    return;
#if defined(__SSE2__)
  {
    static const guint8 ones[32] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    __m128i value = _mm_set1_epi8 ((char) code);
    __m128i *at;
    int c = c1;

    /* a wait hundreds of columns wide, zoomed in: 16 at a time */
    for (; c2 - c > 16; c += 16)
      {
        at = (__m128i *) (cols->codes + c);
        _mm_storeu_si128 (at, _mm_max_epu8 (_mm_loadu_si128 (at), value));
      }
    at = (__m128i *) (cols->codes + c);
    _mm_storeu_si128 (at, _mm_max_epu8 (_mm_loadu_si128 (at),
                                        _mm_and_si128 (_mm_loadu_si128 ((const __m128i *) (ones + 16 - (c2 - c))), value)));
  }
#else
  for (int c = c1; c < c2; c++)
    cols->codes[c] = MAX (cols->codes[c], code);
#endif
}

static void
interval_style (LsTimelineModel *model, const LsTimelineLane *lane, const LsTimelineInterval *iv,
                LsRasterStyle *style, Rank *rank)
{
  switch ((LsTimelineState) iv->state)
    {
    case LS_STATE_RUNNING:
      *style = (iv->flags & LS_INTERVAL_CALLBACK) && lane->kind != LS_LANE_THREAD ? LS_RASTER_CALLBACK : LS_RASTER_RUNNING;
      *rank = RANK_RUNNING;
      break;
    case LS_STATE_SCHEDULED:
      *style = LS_RASTER_SCHEDULED;
      *rank = RANK_SCHEDULED;
      break;
    case LS_STATE_WAITING:
      *style = LS_RASTER_WAITING;
      *rank = RANK_WAITING;
      break;
    case LS_STATE_BLOCKED:
      if (lane->kind == LS_LANE_LOOP)
        *style = LS_RASTER_LOOP_BLOCKED;
      else
        *style = strncmp (ls_timeline_model_get_string (model, iv->label), "time.sleep", 10) == 0
                 ? LS_RASTER_THREAD_SLEEP : LS_RASTER_QUIET;
      *rank = RANK_BLOCKED;
      break;
    case LS_STATE_DONE:
      *style = LS_RASTER_DONE;
      *rank = RANK_END;
      break;
    case LS_STATE_FAILED:
      *style = LS_RASTER_FAILED;
      *rank = RANK_END;
      break;
    case LS_STATE_CANCELLED:
      *style = LS_RASTER_CANCELLED;
      *rank = RANK_END;
      break;
    case LS_STATE_IDLE:
    case LS_N_STATES:
    default:
      *style = LS_RASTER_IDLE;
      *rank = RANK_IDLE;
      break;
    }
}

static guint8
interval_code (LsTimelineModel *model, const LsTimelineLane *lane, const LsTimelineInterval *iv)
{
  LsRasterStyle style;
  Rank rank;

  interval_style (model, lane, iv, &style, &rank);
  return CODE (rank, style);
}

/* Records in a slot of `capacity` intervals: the intervals, then each
 * level's nodes. */
static gsize
slot_size (guint32 capacity)
{
  gsize size = capacity;

  for (guint k = 0; k < N_LEVELS; k++)
    size += capacity >> (LEVEL_BITS * (k + 1));
  return size;
}

static inline const Record *
level_nodes (const Record *slot, guint32 capacity, guint k)
{
  const Record *nodes = slot + capacity;

  for (guint j = 0; j < k; j++)
    nodes += capacity >> (LEVEL_BITS * (j + 1));
  return nodes;
}

static void
copy_interval (Record *record, LsTimelineModel *model, const LsTimelineLane *lane, const LsTimelineInterval *iv)
{
  record->start_time = iv->start_time;
  record->start_pos = iv->start_pos;
  record->end_time = iv->end_time;
  record->end_pos = iv->end_pos;
  record->code = interval_code (model, lane, iv);
  record->flags = (is_end_state (iv->state) ? RECORD_END : 0) | (iv->flags & LS_INTERVAL_OPEN ? RECORD_OPEN : 0);
}

static guint8
mark_code (guint kind)
{
  /* prints have no room under a compact bar */
  return kind != LS_MARK_PRINT && kind <= LS_MARK_ERROR ? CODE (RANK_MARK, LS_RASTER_MARK + kind) : 0;
}

/* Marks are only ever appended. */
static void
sync_marks (LsTimelineRaster *self, const LsTimelineLane *lane, LaneEntry *entry)
{
  guint32 len = lane->marks->len;
  MarkRecord *slot;

  if (len < entry->n_marks)
    entry->n_marks = 0;
  if (len == 0)
    return;
  if (len > entry->mark_capacity)
    {
      guint32 capacity = MAX (len, entry->mark_capacity * 2);

      self->garbage += entry->mark_capacity;
      entry->mark_offset = self->mark_pool->len;
      entry->mark_capacity = capacity;
      entry->n_marks = 0;
      g_array_set_size (self->mark_pool, self->mark_pool->len + capacity);
    }
  slot = &g_array_index (self->mark_pool, MarkRecord, entry->mark_offset);
  for (guint32 k = entry->n_marks; k < len; k++)
    {
      const LsTimelineMark *mark = &g_array_index (lane->marks, LsTimelineMark, k);

      slot[k].time = mark->time;
      slot[k].pos = mark->pos;
      slot[k].code = mark_code (mark->kind);
    }
  entry->n_marks = len;
}

/* Brings lane `index`'s slot up to the model: the intervals before the
 * last one never change again (only the open last one grows or is
 * dropped, and the lane's revision says when one before it changed), so
 * a live run's growing trace mostly appends, and a lane that outgrows
 * its slot moves to a slot twice as big at the end of the pool. */
static void
sync_lane (LsTimelineRaster *self, LsTimelineModel *model, guint32 index)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (model, index);
  const LsTimelineInterval *items = (const LsTimelineInterval *) lane->intervals->data;
  LaneEntry *entry = &g_array_index (self->entries, LaneEntry, index);
  guint32 len = lane->intervals->len, from, n_final;
  Record *slot;

  if (entry->revision != lane->revision || len < entry->len)
    {
      entry->len = entry->n_final = 0;
      entry->stopped = FALSE;
      entry->revision = lane->revision;
    }
  if (len > entry->capacity)
    {
      guint32 capacity = MAX (len, entry->capacity * 2);

      self->garbage += entry->capacity > 0 ? slot_size (entry->capacity) : 0;
      entry->offset = self->pool->len;
      entry->capacity = capacity;
      entry->len = entry->n_final = 0;
      entry->stopped = FALSE;
      g_array_set_size (self->pool, self->pool->len + slot_size (capacity));
    }
  sync_marks (self, lane, entry);
  if (len == 0)
    return;
  slot = &g_array_index (self->pool, Record, entry->offset);
  /* the last one copied may have changed since (closed, or extended) */
  from = entry->len > 0 ? entry->len - 1 : 0;
  for (guint32 i = from; i < len; i++)
    copy_interval (&slot[i], model, lane, &items[i]);
  entry->len = len;

  n_final = entry->n_final;
  while (!entry->stopped && n_final + 1 < len)
    {
      if (slot[n_final].flags & (RECORD_END | RECORD_OPEN))
        entry->stopped = TRUE;
      else
        n_final++;
    }
  for (guint k = 0; k < N_LEVELS; k++)
    {
      guint shift = LEVEL_BITS * (k + 1);
      const Record *parts = k == 0 ? slot : level_nodes (slot, entry->capacity, k - 1);
      Record *nodes = (Record *) level_nodes (slot, entry->capacity, k);

      for (guint32 j = entry->n_final >> shift; j < n_final >> shift; j++)
        {
          const Record *first = &parts[j << LEVEL_BITS];
          const Record *last = &parts[((j + 1) << LEVEL_BITS) - 1];
          Record node = *first;

          for (guint c = 1; c < (1u << LEVEL_BITS); c++)
            node.code = MAX (node.code, first[c].code);
          node.end_time = last->end_time;
          node.end_pos = last->end_pos;
          nodes[j] = node;
        }
    }
  entry->n_final = n_final;
}

/* The pool, brought up to the model: nothing to do while the model has
 * read no new record; a pass over the lanes when it has (a live run's
 * frame); a fresh pool for another model, or when slots left behind
 * take more room than the ones in use.  A fresh pool puts the lanes in
 * the order the layout's rows draw them, so that a frame reads it from
 * one end to the other rather than a lane here and one there. */
static void
sync_lanes (LsTimelineRaster *self, LsTimelineLayout *layout)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  guint n_lanes = ls_timeline_model_get_n_lanes (model);

  if (self->model_id == ls_timeline_model_get_id (model) &&
      self->model_records == ls_timeline_model_get_n_records (model) && self->entries->len == n_lanes)
    return;
  if (self->model_id != ls_timeline_model_get_id (model) ||
      (self->garbage > 65536 && self->garbage > (self->pool->len + self->mark_pool->len) / 2))
    {
      guint n_rows = ls_timeline_layout_get_n_rows (layout);
      const guint32 *lanes = ls_timeline_layout_get_row_lanes (layout);
      guint n_shown = 0;
      gsize n_records = 0, n_marks = 0;

      /* room for every slot at once: growing 20 MB by doubling copies it
       * twice over */
      for (guint i = 0; i < n_lanes; i++)
        {
          const LsTimelineLane *lane = ls_timeline_model_get_lane (model, i);

          n_records += slot_size (lane->intervals->len);
          n_marks += lane->marks->len;
        }
      g_array_set_size (self->pool, n_records);
      g_array_set_size (self->pool, 0);
      g_array_set_size (self->mark_pool, n_marks);
      g_array_set_size (self->mark_pool, 0);
      g_array_set_size (self->entries, 0);
      g_array_set_size (self->entries, n_lanes);
      self->garbage = 0;
      if (n_rows > 0)
        {
          const LsTimelineRow *last = ls_timeline_layout_get_row (layout, n_rows - 1);

          n_shown = last->first + last->n_lanes;
        }
      for (guint i = 0; i < n_shown; i++)
        if (lanes[i] < n_lanes)
          sync_lane (self, model, lanes[i]);
    }
  self->model_id = ls_timeline_model_get_id (model);
  self->model_records = ls_timeline_model_get_n_records (model);
  g_array_set_size (self->entries, n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    sync_lane (self, model, i);
}

/* A lane's intervals are a few dozen in an array of their own, and a
 * frame of the whole run reads thousands of lanes: the processor would
 * fetch each array a cache line at a time, waiting on each.  Asking for
 * the lines ahead lets the loads overlap (the whole run drawn squeezed
 * takes a third less time). */
static inline void
prefetch (const void *data, gsize size)
{
#if defined(__GNUC__)
  for (gsize offset = 0; offset < size; offset += 64)
    __builtin_prefetch ((const char *) data + offset);
#endif
}

/* The lanes after the i-th of `shown`, while it is drawn: each step of
 * the chain lane → array → items, a lane further ahead. */
static void
prefetch_lanes (LsTimelineModel *model, const guint32 *shown, guint n, guint i)
{
  if (i + 3 < n)
    prefetch (ls_timeline_model_get_lane (model, shown[i + 3]), sizeof (LsTimelineLane));
  if (i + 2 < n)
    {
      const LsTimelineLane *next = ls_timeline_model_get_lane (model, shown[i + 2]);

      prefetch (next->intervals, sizeof (GArray));
      prefetch (next->marks, sizeof (GArray));
    }
  if (i + 1 < n)
    {
      const LsTimelineLane *next = ls_timeline_model_get_lane (model, shown[i + 1]);

      prefetch (next->intervals->data, MIN (next->intervals->len, 16u) * sizeof (LsTimelineInterval));
      prefetch (next->marks->data, MIN (next->marks->len, 2u) * sizeof (LsTimelineMark));
    }
}

/* The same for the pool: a lane's entry, then its records.  A lane of a
 * squeezed row is done in about the time a load from memory takes, so
 * the loads are asked for several lanes ahead. */
static void
prefetch_entries (LsTimelineRaster *self, const guint32 *shown, guint n, guint i)
{
  const LaneEntry *entries = (const LaneEntry *) self->entries->data;

  if (i + 8 < n)
    prefetch (&entries[shown[i + 8]], sizeof (LaneEntry));
  if (i + 4 < n)
    {
      const LaneEntry *next = &entries[shown[i + 4]];

      if (next->len > 0)
        prefetch (&g_array_index (self->pool, Record, next->offset), MIN (next->len, 8u) * sizeof (Record));
      if (next->n_marks > 0)
        prefetch (&g_array_index (self->mark_pool, MarkRecord, next->mark_offset), MIN (next->n_marks, 2u) * sizeof (MarkRecord));
    }
}

static inline void
record_x (const LsTimelineXMap *map, const Record *record, double *x1, double *x2)
{
  *x1 = ls_timeline_xmap_x (map, record->start_time, record->start_pos);
  if (record->flags & RECORD_OPEN)
    *x2 = MAX (map->end_x, *x1);
  else
    *x2 = ls_timeline_xmap_x (map, record->end_time, record->end_pos);
}

/* The first record at or after `from` that ends at or after x, galloping
 * as gallop_interval() does. */
static guint
gallop_record (const LsTimelineXMap *map, const Record *records, guint len, guint from, double x)
{
  guint lo = from, hi, step = 1;
  double x1, x2;

  if (lo >= len)
    return lo;
  record_x (map, &records[lo], &x1, &x2);
  if (x2 >= x)
    return lo;
  for (;;)
    {
      hi = lo + step;
      if (hi >= len)
        {
          hi = len;
          break;
        }
      record_x (map, &records[hi], &x1, &x2);
      if (x2 >= x)
        break;
      lo = hi;
      step *= 2;
    }
  for (lo++; lo < hi;)
    {
      guint mid = lo + (hi - lo) / 2;

      record_x (map, &records[mid], &x1, &x2);
      if (x2 < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The first interval at or after `from` that ends at or after x, by
 * galloping from `from`: the same index as the layout's searches, with
 * the same arithmetic, but inline and reading the array near `from`
 * first, where the lines were asked for ahead (prefetch_lanes), rather
 * than across it. */
static guint
gallop_interval (const LsTimelineXMap *map, const GArray *intervals, guint from, double x)
{
  const LsTimelineInterval *items = (const LsTimelineInterval *) intervals->data;
  guint lo = from, hi, step = 1;
  double x1, x2;

  if (lo >= intervals->len)
    return lo;
  ls_timeline_xmap_interval_x (map, &items[lo], &x1, &x2);
  if (x2 >= x)
    return lo;
  for (;;)
    {
      hi = lo + step;
      if (hi >= intervals->len)
        {
          hi = intervals->len;
          break;
        }
      ls_timeline_xmap_interval_x (map, &items[hi], &x1, &x2);
      if (x2 >= x)
        break;
      lo = hi;
      step *= 2;
    }
  for (lo++; lo < hi;)
    {
      guint mid = lo + (hi - lo) / 2;

      ls_timeline_xmap_interval_x (map, &items[mid], &x1, &x2);
      if (x2 < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The largest block of the slot that starts at interval i and falls
 * inside one column of the plot: its level + 1, 0 when none does.  `*x`
 * gets its start, `*code` its code. */
static guint
fitting_block (const Record *slot, const LaneEntry *entry, const LsTimelineXMap *map, guint i, double left,
               double right, double *x, guint8 *code)
{
  guint fit = 0;

  for (guint k = 0; k < N_LEVELS; k++)
    {
      guint shift = LEVEL_BITS * (k + 1);
      const Record *node;
      double x1, x2;

      if ((i & ((1u << shift) - 1)) != 0 || i + (1u << shift) > entry->n_final)
        break;
      node = &level_nodes (slot, entry->capacity, k)[i >> shift];
      x1 = ls_timeline_xmap_x (map, node->start_time, node->start_pos);
      x2 = ls_timeline_xmap_x (map, node->end_time, node->end_pos);
      /* inside the plot (the intervals past its edges are clipped or left
       * out one by one), and inside the column of its start: each of its
       * intervals then sets that column alone, as read one by one */
      if (x1 < left - 1 || x2 > right || x2 >= floor (x1) + 1)
        break;
      fit = k + 1;
      *x = x1;
      *code = node->code;
    }
  return fit;
}

/* One interval into the columns: an end state as its glyph, where the
 * final state begins (when `ends`), the others when narrower than
 * `max_width`. */
static inline void
column_of_interval (Columns *cols, double x1, double x2, guint8 code, gboolean end, double left, double right,
                    double max_width, gboolean ends)
{
  if (end)
    {
      if (ends && x1 >= left - 1)
        column_set (cols, x1, x1 + 1, code);
    }
  else if (x2 - x1 < max_width)
    column_set (cols, MAX (x1, left - 1), MIN (x2, right + 1), code);
}

/* The lane's intervals narrower than `max_width` (a pixel at least) into
 * the columns (all of them when it is infinite); `ends` says whether the
 * end glyphs go too.  From the model, one interval after the other: the
 * definition, which the tests compare the pool's columns with. */
static void
columns_of_intervals (LsTimelineLayout *layout, const LsTimelineXMap *map, guint32 lane_index, Columns *cols,
                      double left, double right, double max_width, gboolean ends)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const LsTimelineLane *lane = ls_timeline_model_get_lane (model, lane_index);
  const GArray *intervals = lane->intervals;

  for (guint i = gallop_interval (map, intervals, 0, left); i < intervals->len; i++)
    {
      const LsTimelineInterval *iv = &g_array_index (intervals, LsTimelineInterval, i);
      double x1, x2;

      ls_timeline_xmap_interval_x (map, iv, &x1, &x2);
      if (x1 > right)
        break;
      column_of_interval (cols, x1, x2, interval_code (model, lane, iv), is_end_state (iv->state), left, right,
                          max_width, ends);
    }
}

/* The same columns from the lane's slot, a block at a time where a block
 * is inside one column. */
static void
columns_of_records (LsTimelineRaster *self, const LsTimelineXMap *map, guint32 lane_index, Columns *cols,
                    double left, double right, double max_width, gboolean ends)
{
  const LaneEntry *entry = &g_array_index (self->entries, LaneEntry, lane_index);
  const Record *slot;
  guint i;

  g_assert (max_width >= 1);
  if (entry->len == 0)
    return;
  slot = &g_array_index (self->pool, Record, entry->offset);
  i = gallop_record (map, slot, entry->len, 0, left);
  prefetch (&slot[i], MIN (entry->len - i, 64) * sizeof (Record));
  while (i < entry->len)
    {
      double x1, x2;
      guint8 code;
      guint fit;

      record_x (map, &slot[i], &x1, &x2);
      if (x1 > right)
        break;
      /* a block only where its first four intervals are inside a column
       * already, as the records next to this one say: elsewhere (waits
       * pixels wide) its nodes, further away, would be read for nothing */
      if (i + (1u << LEVEL_BITS) <= entry->n_final && (i & ((1u << LEVEL_BITS) - 1)) == 0 && x2 < floor (x1) + 1 &&
          ls_timeline_xmap_x (map, slot[i + (1u << LEVEL_BITS) - 1].end_time, slot[i + (1u << LEVEL_BITS) - 1].end_pos) <
            floor (x1) + 1 &&
          (fit = fitting_block (slot, entry, map, i, left, right, &x1, &code)) > 0)
        {
          column_set (cols, x1, x1, code);
          i += 1u << (LEVEL_BITS * fit);
          continue;
        }
      column_of_interval (cols, x1, x2, slot[i].code, slot[i].flags & RECORD_END, left, right, max_width, ends);
      i++;
    }
}

static void
columns_of_marks (LsTimelineLayout *layout, const LsTimelineXMap *map, guint32 lane_index, Columns *cols,
                  double left, double right)
{
  const LsTimelineLane *lane = ls_timeline_model_get_lane (ls_timeline_layout_get_model (layout), lane_index);
  const GArray *marks = lane->marks;
  const LsTimelineMark *first;
  guint k;

  if (marks->len == 0)
    return;
  first = &g_array_index (marks, LsTimelineMark, 0);
  k = ls_timeline_xmap_x (map, first->time, first->pos) >= left - 0.5
      ? 0 : ls_timeline_layout_first_mark_at (layout, lane_index, left - 0.5);
  while (k < marks->len)
    {
      const LsTimelineMark *mark = &g_array_index (marks, LsTimelineMark, k);
      double x = ls_timeline_xmap_x (map, mark->time, mark->pos);

      if (x > right + 0.5)
        break;
      column_set (cols, x - 1, x + 1, mark_code (mark->kind));
      /* level of detail: one mark per pixel column */
      k = ls_timeline_layout_next_mark_at (layout, lane_index, k + 1, floor (x) + 1);
    }
}

/* The first mark at or after `from` at or after x, galloping. */
static guint
gallop_mark (const LsTimelineXMap *map, const MarkRecord *marks, guint n, guint from, double x)
{
  guint lo = from, hi, step = 1;

  if (lo >= n || ls_timeline_xmap_x (map, marks[lo].time, marks[lo].pos) >= x)
    return lo;
  for (;;)
    {
      hi = lo + step;
      if (hi >= n)
        {
          hi = n;
          break;
        }
      if (ls_timeline_xmap_x (map, marks[hi].time, marks[hi].pos) >= x)
        break;
      lo = hi;
      step *= 2;
    }
  for (lo++; lo < hi;)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ls_timeline_xmap_x (map, marks[mid].time, marks[mid].pos) < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The same as columns_of_marks(), from the mark pool. */
static void
columns_of_mark_records (LsTimelineRaster *self, const LsTimelineXMap *map, guint32 lane_index, Columns *cols,
                         double left, double right)
{
  const LaneEntry *entry = &g_array_index (self->entries, LaneEntry, lane_index);
  const MarkRecord *marks;

  if (entry->n_marks == 0)
    return;
  marks = &g_array_index (self->mark_pool, MarkRecord, entry->mark_offset);
  for (guint k = gallop_mark (map, marks, entry->n_marks, 0, left - 0.5); k < entry->n_marks;)
    {
      double x = ls_timeline_xmap_x (map, marks[k].time, marks[k].pos);

      if (x > right + 0.5)
        break;
      column_set (cols, x - 1, x + 1, marks[k].code);
      /* level of detail: one mark per pixel column */
      k = gallop_mark (map, marks, entry->n_marks, k + 1, floor (x) + 1);
    }
}

gboolean
ls_timeline_raster_row_is_busy (LsTimelineLayout    *layout,
                                const LsTimelineRow *row)
{
  const guint32 *lanes = ls_timeline_layout_get_row_lanes (layout);
  const LsTimelineSpan *spans = ls_timeline_layout_get_row_spans (layout);
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  double limit = ls_timeline_layout_get_plot_width (layout) / BUSY_PIXELS_PER_INTERVAL;
  LsTimelineXMap map;
  guint n = 0;

  ls_timeline_layout_get_xmap (layout, &map);
  for (guint k = 0; k < row->n_lanes && n <= limit; k++)
    if (ls_timeline_xmap_span_in_view (&map, &spans[row->first + k], left, right))
      n += ls_timeline_layout_first_interval_at (layout, lanes[row->first + k], right) -
           ls_timeline_layout_first_interval_at (layout, lanes[row->first + k], left);
  return n > limit;
}

const guint8 *
ls_timeline_raster_row (LsTimelineRaster    *self,
                        LsTimelineLayout    *layout,
                        const LsTimelineRow *row,
                        int                 *first,
                        guint               *n)
{
  LsTimelineModel *model = ls_timeline_layout_get_model (layout);
  const guint32 *lanes = ls_timeline_layout_get_row_lanes (layout) + row->first;
  const LsTimelineSpan *spans = ls_timeline_layout_get_row_spans (layout) + row->first;
  double left = ls_timeline_layout_get_plot_x (layout);
  double right = left + ls_timeline_layout_get_plot_width (layout);
  LsTimelineXMap map;
  Columns cols;
  guint32 *shown;
  guint n_shown = 0;

  cols.first = (int) floor (left) - 2;
  cols.n = (guint) ((int) ceil (right) + 3 - cols.first);
  g_byte_array_set_size (self->codes, cols.n + COLUMNS_PAD);
  cols.codes = self->codes->data;
  memset (cols.codes, CODE (RANK_NONE, LS_RASTER_NONE), cols.n + COLUMNS_PAD);
  ls_timeline_layout_get_xmap (layout, &map);
  /* a packed row holds many lanes one after another: most are out of view */
  g_array_set_size (self->shown, row->n_lanes);
  shown = (guint32 *) self->shown->data;
  for (guint k = 0; k < row->n_lanes; k++)
    if (ls_timeline_xmap_span_in_view (&map, &spans[k], left, right))
      shown[n_shown++] = lanes[k];
  if (self->use_summaries)
    sync_lanes (self, layout);
  for (guint i = 0; i < n_shown; i++)
    {
      if (!self->use_summaries)
        {
          prefetch_lanes (model, shown, n_shown, i);
          columns_of_intervals (layout, &map, shown[i], &cols, left, right, row->compact ? INFINITY : LS_RASTER_DETAIL_WIDTH,
                                row->compact);
        }
      else
        {
          prefetch_entries (self, shown, n_shown, i);
          columns_of_records (self, &map, shown[i], &cols, left, right, row->compact ? INFINITY : LS_RASTER_DETAIL_WIDTH,
                              row->compact);
        }
      if (row->compact && !self->use_summaries)
        columns_of_marks (layout, &map, shown[i], &cols, left, right);
      else if (row->compact)
        columns_of_mark_records (self, &map, shown[i], &cols, left, right);
    }
  /* codes to styles, eight at a time (the padding has room) */
  for (guint c = 0; c < cols.n; c += 8)
    {
      guint64 word;

      memcpy (&word, cols.codes + c, 8);
      word &= G_GUINT64_CONSTANT (0x1f1f1f1f1f1f1f1f);
      memcpy (cols.codes + c, &word, 8);
    }
  *first = cols.first;
  *n = cols.n;
  return cols.codes;
}
