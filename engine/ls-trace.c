/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-trace.c — storage of the event log.
 *
 * Records are packed.  Stored as 32-byte LsTraceEvents, the 10 million
 * records of issue 6's fanout took 336 MB, more than the whole process
 * may take, and most of those bytes repeat the records before: the time
 * changes only when the clock jumps, the thread almost never, a callback
 * runs right after the one queued before it, a step ends on the task that
 * started it, a new future takes the next id.  Packed, the benchmarks'
 * records take about 3 bytes each (bench/NOTES.md).
 *
 * Storage: a chain of chunks (up to CHUNK_BYTES), filled one after the other
 * and never moved or grown, so that appending never copies the trace (a
 * doubled array needs its old and new copies at once) and the memory is
 * what the records take.  A record never straddles two chunks.
 *
 * Blocks: every BLOCK_RECORDS records start afresh (the coder's state is
 * reset, see Coder) and leave a checkpoint: where the block's first
 * record is, and the time and thread before it.  Record i is read by
 * decoding from the checkpoint of its block, at most BLOCK_RECORDS - 1
 * records before it; reading forward costs one record's decoding.
 *
 * Appending: most records come at the time and on the thread of the one
 * before, in the middle of a block, with room in the tail chunk; they
 * take a short path that writes the same bytes as the general encoder
 * with the tests that cannot succeed left out ("appending" below), and
 * ls_trace_append_subject, for a record that has nothing but a subject,
 * leaves out those of the fields as well.  The short path is an inline
 * function of ls-trace-private.h, which the engine's own records
 * (ls-tracelib.c) call too, with the kind a constant.
 *
 * A record is a header byte, then what the header says follows:
 *
 *   header   bits 0-4  kind (KIND_ESCAPE: the kind follows as a varint)
 *            bit 5     HEADER_TIME: the time changed, a double follows
 *            bit 6     HEADER_MASK: a mask byte follows, else the mask is
 *                      the one of the previous record of that kind
 *            bit 7     HEADER_THREAD: the thread changed, a varint follows
 *   mask     which fields follow: MASK_SUBJECT (the subject is not the
 *            one its kind predicts), MASK_OBJECT, MASK_ARG, MASK_TEXT,
 *            MASK_LINE (those four: the field is not 0)
 *   fields   in that order, varints (LEB128, 7 bits a byte):
 *            subject  zigzag of (subject - its prediction), 32-bit wrap
 *            object   zigzag of (object - its prediction)
 *            arg      as is
 *            text     rotated left by one, so that a default task name
 *                     (LS_TRACE_TASK_NAME_BIT) is small too
 *            line     as is
 *            For kinds with a deadline ("when", ls_trace_kind_has_when),
 *            MASK_TEXT says that text and line are not both 0 and the
 *            deadline follows as a double relative to the record's
 *            time; MASK_LINE is never set.
 *
 * The predictions are per kind (subject_reference, object_reference):
 * the next new id (one more than the largest so far), the previous
 * record's subject or object, the last subject of a given kind, this
 * record's subject or thread.  A wrong one costs bytes, never
 * correctness: the difference is stored.
 *
 * Doubles (the time, deadlines) are relative to a base (the previous
 * time, the record's time): a varint D, where D = 0 means 8 raw bytes
 * follow (the IEEE bits in host order: a trace is never written out as
 * such), D = 1 means -1.0 (a thread blocked
 * without a deadline), and D >= 2 means base + K / 10^P with
 * D - 2 = K * 10 + P, P < 10: asyncio computes a deadline as now +
 * delay, and delays are mostly short decimals (0.1, 2, 0.25), so 1–2
 * bytes give the same bits back.  The encoder checks that they do.
 *
 * Threads: the engine appends on its thread; the app reads the trace on
 * the main thread only while the engine's thread is parked at a sync point
 * or done (app/ls-run.c), so the writer's state (`writer`, the chunks'
 * tails) and the reader's (`reader`, the cursor that ls_trace_get_event
 * moves) are apart and need no lock.  Two threads must not read the same
 * trace at the same time.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <string.h>

#include "ls-trace-private.h"

#include "ls-chunk-reserve.h"

/* Chunks grow from FIRST_CHUNK_BYTES to CHUNK_BYTES, doubling, so that a
 * short run's trace is small too. */
#define FIRST_CHUNK_BYTES (4 * 1024)
#define CHUNK_BYTES       (64 * 1024)
#define BLOCK_RECORDS    256
/* header, mask, kind, thread, time, five fields: 1 + 1 + 3 + 3 + 9 + 5 × 5 */
#define MAX_RECORD_BYTES 48

enum
{
  DOUBLE_RAW       = 0,
  DOUBLE_MINUS_ONE = 1,
  DOUBLE_DECIMAL   = 2,
};

typedef struct
{
  double  time;                 /* of the record before the block's first */
  guint32 chunk;                /* where the block's first record is */
  guint16 offset;
  guint16 thread;               /* of the record before the block's first */
} Checkpoint;

/* a checkpoint's offset */
G_STATIC_ASSERT (CHUNK_BYTES <= G_MAXUINT16 + 1);
/* arenas are cut into whole chunks */
G_STATIC_ASSERT (LS_CHUNK_SIZE % CHUNK_BYTES == 0);

/* --- predictions ------------------------------------------------------------ */

/* The kinds' predictions are in ls-trace-private.h, which the inline
 * short path reads too. */

/* The fields each kind usually has, the mask a block starts with. */
static const guint8 initial_mask[N_KIND_CODES] = {
  [LS_TRACE_TASK_CREATED] = MASK_OBJECT | MASK_ARG | MASK_TEXT | MASK_LINE,
  [LS_TRACE_STEP_START] = MASK_SUBJECT,
  [LS_TRACE_STEP_END] = MASK_OBJECT | MASK_TEXT | MASK_LINE,
  [LS_TRACE_FUTURE_CREATED] = MASK_OBJECT | MASK_TEXT | MASK_LINE,
  [LS_TRACE_FUTURE_DONE] = MASK_SUBJECT,
  [LS_TRACE_CALLBACK_SCHEDULED] = MASK_OBJECT | MASK_TEXT,
  [LS_TRACE_CALLBACK_RUN] = MASK_SUBJECT,
  [LS_TRACE_CALLBACK_DONE] = 0,
  [LS_TRACE_TIMER_ARMED] = MASK_ARG | MASK_TEXT,
  [LS_TRACE_THREAD_BLOCKED] = MASK_ARG | MASK_TEXT,
  [LS_TRACE_OUTPUT] = MASK_OBJECT | MASK_TEXT,
};

static void
coder_reset (Coder  *coder,
             double  time,
             guint16 thread)
{
  memset (coder, 0, sizeof *coder);
  coder->time = time;
  coder->thread = thread;
  coder->reference[REFERENCE_NEW] = 1;
  memcpy (coder->mask, initial_mask, sizeof coder->mask);
}

static inline guint
kind_code (guint16 kind)
{
  return kind < KIND_ESCAPE ? kind : KIND_ESCAPE;
}

/* What both sides learn from a record's ids (coder_learn). */
static inline void
coder_learn_ids (Coder              *coder,
                 guint               code,
                 const LsTraceEvent *event)
{
  guint32 *reference = coder->reference;
  guint32 max_id = reference[REFERENCE_MAX];

  if (event->subject > max_id)
    max_id = event->subject;
  if (event->object > max_id)
    max_id = event->object;

  reference[REFERENCE_MAX] = max_id;
  reference[REFERENCE_NEW] = max_id + 1;
  reference[REFERENCE_PREV_SUBJECT] = event->subject;
  reference[REFERENCE_PREV_OBJECT] = event->object;
  reference[REFERENCE_LAST_OF + code] = event->subject;
}

/* What both sides learn from a record, once it is written or read. */
static inline void
coder_learn (Coder              *coder,
             guint               code,
             const LsTraceEvent *event)
{
  coder->time = event->time;
  coder->thread = event->thread;
  coder_learn_ids (coder, code, event);
}

/* --- numbers ---------------------------------------------------------------- */

static inline guint64
get_varint (const guint8 **p)
{
  const guint8 *q = *p;
  guint64 value = 0;
  guint shift = 0;

  while (*q & 0x80)
    {
      value |= (guint64) (*q++ & 0x7f) << shift;
      shift += 7;
    }
  value |= (guint64) *q++ << shift;
  *p = q;
  return value;
}

static inline guint32
unzigzag (guint32 code,
          guint32 predicted)
{
  return predicted + ((code >> 1) ^ (guint32) -(gint32) (code & 1));
}

static const double powers_of_ten[10] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };

/* One expression for both sides, so that the encoder's check holds for
 * the decoder (a division and an addition: nothing to contract). */
static inline double
decimal_value (double  base,
               guint64 numerator,
               guint   exponent)
{
  /* through a signed integer, where an unsigned one is a dozen
   * instructions more on x86-64: the same double for any numerator below
   * 2^63, and every one is (the encoder's are below 2^41, a decoded
   * varint's at most (2^64 - 1) / 10) */
  return base + (double) (gint64) numerator / powers_of_ten[exponent];
}

/* The code of a double as DOUBLE_* (see the top of the file):
 * DOUBLE_RAW where 8 raw bytes must follow. */
static guint64
double_code (double base,
             double value)
{
  if (same_bits (value, -1.0))
    return DOUBLE_MINUS_ONE;
  for (guint exponent = 0; exponent < G_N_ELEMENTS (powers_of_ten); exponent++)
    {
      double scaled = (value - base) * powers_of_ten[exponent];
      guint64 numerator;

      /* also false for NaN */
      if (!(scaled > -0.5 && scaled < (double) (G_GUINT64_CONSTANT (1) << 40)))
        break;
      /* signed, as in decimal_value: 0 < scaled + 0.5 < 2^41 here */
      numerator = (guint64) (gint64) (scaled + 0.5);
      if (same_bits (decimal_value (base, numerator, exponent), value))
        return DOUBLE_DECIMAL + numerator * 10 + exponent;
    }
  return DOUBLE_RAW;
}

/* A double as DOUBLE_* (see the top of the file). */
static guint8 *
put_double (guint8 *p,
            double  base,
            double  value)
{
  guint64 code = double_code (base, value);

  p = put_varint (p, code);
  if (code == DOUBLE_RAW)
    {
      memcpy (p, &value, sizeof value);
      p += sizeof value;
    }
  return p;
}

/* The memo's slot of a deadline: a multiplicative hash of its bits
 * (they differ in the mantissa's low bits as much as in its high ones). */
static inline guint
deadline_slot (guint64 when_bits)
{
  return (guint) ((when_bits * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> (64 - DEADLINE_MEMO_BITS));
}

/* A deadline relative to the writer's time, as put_double writes it.
 * double_code searches up to ten decimal exponents (~55 instructions a
 * timer); a loop arms its timers at a few times with a few delays, so
 * the code of a (time, deadline) pair, both compared bit for bit, is
 * remembered: the same pair has the same code, so the same bytes. */
guint8 *
ls_trace_put_deadline (LsTrace *self,
                       guint8  *p,
                       double   when)
{
  double base = self->writer.time;
  guint64 base_bits, when_bits, code;
  DeadlineMemo *memo;

  memcpy (&base_bits, &base, sizeof base_bits);
  memcpy (&when_bits, &when, sizeof when_bits);
  memo = &self->deadline_memo[deadline_slot (when_bits)];
  if (memo->code != DOUBLE_RAW && memo->when == when_bits && memo->base == base_bits)
    return put_varint (p, memo->code);
  code = double_code (base, when);
  if (code == DOUBLE_RAW)
    return put_double (p, base, when);
  /* DOUBLE_RAW (0) marks an empty entry: raw ones are not kept */
  *memo = (DeadlineMemo) { base_bits, when_bits, code };
  return put_varint (p, code);
}

static double
get_double (const guint8 **p,
            double         base)
{
  guint64 code = get_varint (p);
  double value;

  if (code == DOUBLE_MINUS_ONE)
    return -1.0;
  if (code >= DOUBLE_DECIMAL)
    return decimal_value (base, (code - DOUBLE_DECIMAL) / 10, (guint) ((code - DOUBLE_DECIMAL) % 10));
  memcpy (&value, *p, sizeof value);
  *p += sizeof value;
  return value;
}

static inline guint32
unrotate_text (guint32 code)
{
  return code >> 1 | code << 31;
}

/* --- a record ----------------------------------------------------------------- */

/* The mask of a record of a kind without a deadline. */
static inline guint8
plain_mask_of (const LsTraceEvent *event,
               guint32             predicted_subject)
{
  return (guint8) ((event->subject != predicted_subject ? MASK_SUBJECT : 0) |
                   (event->object != 0 ? MASK_OBJECT : 0) |
                   (event->arg != 0 ? MASK_ARG : 0) |
                   (event->text != 0 ? MASK_TEXT : 0) |
                   (event->line != 0 ? MASK_LINE : 0));
}

/* A record with a deadline keeps it in `text` and `line`: one field. */
static inline guint8
deadline_mask_of (const LsTraceEvent *event,
                  guint32             predicted_subject)
{
  guint8 mask = plain_mask_of (event, predicted_subject) & (MASK_SUBJECT | MASK_OBJECT | MASK_ARG);

  return (guint8) (mask | ((event->text | event->line) != 0 ? MASK_TEXT : 0));
}

static inline guint8
mask_of (const LsTraceEvent *event,
         guint32             predicted_subject)
{
  if (G_UNLIKELY (ls_trace_kind_has_when (event->kind)))
    return deadline_mask_of (event, predicted_subject);
  return plain_mask_of (event, predicted_subject);
}

/* The references `event` is coded against (its subject and object as
 * differences from them), and the coder's new ones. */
static inline void
take_references (Coder              *coder,
                 guint               code,
                 const LsTraceEvent *event,
                 guint32            *subject,
                 guint32            *object)
{
  coder->reference[REFERENCE_THREAD] = event->thread;
  *subject = coder->reference[subject_reference[code]];
  coder->reference[REFERENCE_SUBJECT] = event->subject;
  *object = coder->reference[object_reference[code]];
}

/* The fields `mask` names, after the header, time and thread. */
static inline G_ALWAYS_INLINE guint8 *
put_fields (guint8             *p,
            guint8              mask,
            const LsTraceEvent *event,
            guint32             subject,
            guint32             object,
            gboolean            deadline)
{
  if (mask & MASK_SUBJECT)
    p = put_varint (p, zigzag (event->subject, subject));
  if (mask & MASK_OBJECT)
    p = put_varint (p, zigzag (event->object, object));
  if (mask & MASK_ARG)
    p = put_varint (p, event->arg);
  if ((mask & MASK_TEXT) && deadline)
    p = put_double (p, event->time, ls_trace_event_get_when (event));
  else if (mask & MASK_TEXT)
    p = put_varint (p, rotate_text (event->text));
  if (mask & MASK_LINE)
    p = put_varint (p, event->line);
  return p;
}

/* Writes `event` at `p` (MAX_RECORD_BYTES free) and returns the end. */
static guint8 *
encode (Coder              *coder,
        guint8             *p,
        const LsTraceEvent *event)
{
  guint code = kind_code (event->kind);
  gboolean time_changed = !same_bits (event->time, coder->time);
  guint32 subject, object;
  guint8 mask;
  guint8 *header = p++;

  take_references (coder, code, event, &subject, &object);
  mask = mask_of (event, subject);

  *header = (guint8) (code | (time_changed ? HEADER_TIME : 0));
  if (G_UNLIKELY (code == KIND_ESCAPE))
    p = put_varint (p, event->kind);
  if (G_UNLIKELY (mask != coder->mask[code]))
    {
      *header |= HEADER_MASK;
      *p++ = mask;
      coder->mask[code] = mask;
    }
  if (G_UNLIKELY (event->thread != coder->thread))
    {
      *header |= HEADER_THREAD;
      p = put_varint (p, event->thread);
    }
  if (G_UNLIKELY (time_changed))
    p = put_double (p, coder->time, event->time);
  p = put_fields (p, mask, event, subject, object, ls_trace_kind_has_when (event->kind));
  coder_learn (coder, code, event);
  return p;
}

/* Reads the record at `p` into `event` and returns its end. */
static const guint8 *
decode (Coder         *coder,
        const guint8  *p,
        LsTraceEvent  *event)
{
  guint8 header = *p++;
  guint code = header & HEADER_KIND;
  guint8 mask;

  memset (event, 0, sizeof *event);
  event->kind = code == KIND_ESCAPE ? (guint16) get_varint (&p) : (guint16) code;
  mask = (header & HEADER_MASK) ? (coder->mask[code] = *p++) : coder->mask[code];
  event->thread = (header & HEADER_THREAD) ? (guint16) get_varint (&p) : coder->thread;
  event->time = (header & HEADER_TIME) ? get_double (&p, coder->time) : coder->time;
  coder->reference[REFERENCE_THREAD] = event->thread;
  event->subject = coder->reference[subject_reference[code]];
  if (mask & MASK_SUBJECT)
    event->subject = unzigzag ((guint32) get_varint (&p), event->subject);
  coder->reference[REFERENCE_SUBJECT] = event->subject;
  if (mask & MASK_OBJECT)
    event->object = unzigzag ((guint32) get_varint (&p), coder->reference[object_reference[code]]);
  if (mask & MASK_ARG)
    event->arg = (guint32) get_varint (&p);
  if ((mask & MASK_TEXT) && ls_trace_kind_has_when (event->kind))
    ls_trace_event_set_when (event, get_double (&p, event->time));
  else if (mask & MASK_TEXT)
    event->text = unrotate_text ((guint32) get_varint (&p));
  if (mask & MASK_LINE)
    event->line = (guint32) get_varint (&p);
  coder_learn (coder, code, event);
  return p;
}

/* --- the store ------------------------------------------------------------------ */

/* The first chunks, smaller than CHUNK_BYTES, are malloc's: a short
 * run's trace takes no arena. */
#define N_MALLOC_CHUNKS 4

/* A full-size chunk cut from the newest arena, or from a new one. */
static Chunk *
cut_chunk (LsTrace *self)
{
  Chunk *chunk;

  if ((gsize) (self->arena_end - self->arena_next) < CHUNK_BYTES)
    {
      self->arena_next = ls_chunk_reserve_take (1);
      self->arena_end = self->arena_next + LS_CHUNK_SIZE;
      g_ptr_array_add (self->arenas, self->arena_next);
    }
  chunk = (Chunk *) self->arena_next;
  self->arena_next += CHUNK_BYTES;
  self->chunk_bytes += CHUNK_BYTES;
  return chunk;
}

/* The chunk the next record goes to: the last one, or a new one when it
 * could not hold the longest record. */
static Chunk *
add_chunk (LsTrace *self)
{
  gsize bytes = self->chunks->len < N_MALLOC_CHUNKS ? FIRST_CHUNK_BYTES << self->chunks->len : CHUNK_BYTES;
  Chunk *chunk;

  /* arenas only beside the reserve's thread (`loopscope run`); in the
   * app, a trace filled on the window's thread keeps malloc's chunks,
   * whose 4 KB pages fault a few at a time */
  if (self->chunks->len < N_MALLOC_CHUNKS || !ls_chunk_reserve_is_enabled ())
    {
      chunk = g_malloc (bytes);
      g_ptr_array_add (self->malloced, chunk);
      self->chunk_bytes += bytes;
    }
  else
    chunk = cut_chunk (self);
  chunk->used = 0;
  chunk->size = (guint32) (bytes - sizeof (Chunk));
  g_ptr_array_add (self->chunks, chunk);
  return chunk;
}

static inline Chunk *
chunk_for_record (LsTrace *self)
{
  Chunk *chunk = self->tail;

  if (G_UNLIKELY (chunk == NULL || chunk->used + MAX_RECORD_BYTES > chunk->size))
    self->tail = chunk = add_chunk (self);
  return chunk;
}

static void
start_block (LsTrace *self,
             Chunk   *chunk)
{
  Checkpoint checkpoint = {
    self->writer.time, self->chunks->len - 1, (guint16) chunk->used, self->writer.thread,
  };

  g_array_append_val (self->checkpoints, checkpoint);
  coder_reset (&self->writer, self->writer.time, self->writer.thread);
}

/* Moves `decoder` to the start of block `block`. */
static void
decoder_seek_block (LsTrace *self,
                    Decoder *decoder,
                    gsize    block)
{
  const Checkpoint *checkpoint = &g_array_index (self->checkpoints, Checkpoint, block);

  coder_reset (&decoder->coder, checkpoint->time, checkpoint->thread);
  decoder->next = block * BLOCK_RECORDS;
  decoder->chunk = checkpoint->chunk;
  decoder->offset = checkpoint->offset;
  decoder->at = g_ptr_array_index (self->chunks, checkpoint->chunk);
}

static void
decoder_init (LsTrace *self,
              Decoder *decoder,
              gsize    index)
{
  memset (decoder, 0, sizeof *decoder);
  if (self->checkpoints->len > 0)
    decoder_seek_block (self, decoder, MIN (index / BLOCK_RECORDS, self->checkpoints->len - 1));
}

/* Reads the decoder's next record, which exists.  Inline: it is most of
 * the cost of reading forward. */
static inline void
decoder_read (LsTrace      *self,
              Decoder      *decoder,
              LsTraceEvent *out)
{
  const guint8 *start, *end;

  if (G_UNLIKELY (decoder->next % BLOCK_RECORDS == 0))
    decoder_seek_block (self, decoder, decoder->next / BLOCK_RECORDS);
  /* a record never straddles chunks: at the end of one, the next begins */
  if (G_UNLIKELY (decoder->offset >= decoder->at->used))
    {
      decoder->at = g_ptr_array_index (self->chunks, ++decoder->chunk);
      decoder->offset = 0;
    }
  start = decoder->at->data + decoder->offset;
  end = decode (&decoder->coder, start, out);
  decoder->offset += (guint32) (end - start);
  decoder->next++;
}

/* Default task names ("Task-17") are not stored: their index is the
 * number with LS_TRACE_TASK_NAME_BIT set, and the text is made again when
 * a reader asks for it.  A program with thousands of tasks would
 * otherwise hold a string of ~19 bytes for each, which alone took the
 * trace past its 32 bytes an event.  Only the canonical spelling
 * qualifies (no sign, no leading zero), so the text comes back the same. */
static gboolean
parse_task_name (const char *text,
                 guint32    *number)
{
  guint64 n = 0;
  const char *p;

  if (strncmp (text, "Task-", 5) != 0 || text[5] == '\0' || (text[5] == '0' && text[6] != '\0'))
    return FALSE;
  for (p = text + 5; *p != '\0'; p++)
    {
      if (*p < '0' || *p > '9' || p - text > 15)
        return FALSE;
      n = n * 10 + (guint64) (*p - '0');
    }
  if (n >= LS_TRACE_TASK_NAME_BIT)
    return FALSE;
  *number = (guint32) n;
  return TRUE;
}

static const char *
task_name (LsTrace *self,
           guint32  number)
{
  char *text = g_hash_table_lookup (self->task_names, GUINT_TO_POINTER (number));

  if (text == NULL)
    {
      text = g_strdup_printf ("Task-%u", number);
      g_hash_table_insert (self->task_names, GUINT_TO_POINTER (number), text);
    }
  return text;
}

LsTrace *
ls_trace_new (void)
{
  LsTrace *self = g_new0 (LsTrace, 1);
  double zero = 0.0;

  self->chunks = g_ptr_array_new ();   /* owned by `malloced` or `arenas` */
  self->malloced = g_ptr_array_new_with_free_func (g_free);
  self->arenas = g_ptr_array_new_with_free_func (ls_chunk_free);
  self->checkpoints = g_array_new (FALSE, FALSE, sizeof (Checkpoint));
  coder_reset (&self->writer, 0.0, 0);
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->numbers = g_array_new (FALSE, FALSE, sizeof (double));
  self->late_names = g_hash_table_new (NULL, NULL);
  self->task_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  ls_trace_intern (self, "");
  g_array_append_val (self->numbers, zero);
  return self;
}

void
ls_trace_free (LsTrace *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->chunks);
  g_ptr_array_unref (self->malloced);
  g_ptr_array_unref (self->arenas);
  g_array_unref (self->checkpoints);
  g_hash_table_unref (self->string_ids);
  g_ptr_array_unref (self->strings);
  g_array_unref (self->numbers);
  g_free (self->ordered_names);
  g_hash_table_unref (self->late_names);
  g_hash_table_unref (self->task_names);
  g_free (self);
}

guint32
ls_trace_intern (LsTrace    *self,
                 const char *text)
{
  gpointer found;
  guint32 number;
  char *copy;

  /* a default task name first, without hashing it: such a text is never
   * entered in string_ids (below), so the lookup could not find it */
  if (text[0] == 'T' && parse_task_name (text, &number))
    return LS_TRACE_TASK_NAME_BIT | number;
  found = g_hash_table_lookup (self->string_ids, text);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  copy = g_strdup (text);
  g_ptr_array_add (self->strings, copy);
  g_hash_table_insert (self->string_ids, copy, GUINT_TO_POINTER (self->strings->len));
  return self->strings->len - 1;
}

guint32
ls_trace_add_number (LsTrace *self,
                     double   value)
{
  g_array_append_val (self->numbers, value);
  return self->numbers->len - 1;
}

/* --- appending ------------------------------------------------------------------ */

/* Most records take a short path: a kind coded in the header byte, at
 * the time and on the thread of the record before, neither the first of a
 * block nor the one that needs a new chunk.  It writes the same bytes as
 * encode without the tests that cannot succeed there
 * (ls_trace_append_short_coded, ls-trace-private.h).  For a kind without
 * a deadline and without a name it calls nothing (so it saves no
 * registers); the two kinds with a deadline (TIMER_ARMED, a timer for
 * every sleep, and THREAD_BLOCKED) have their own, which calls
 * ls_trace_put_deadline, and so have the two that name their subject
 * (TASK_CREATED, THREAD_STARTED), which note the name.  The rest take the
 * long path.  (DEADLINE_KINDS, NAMING_KINDS and SHORT_PATH_KINDS:
 * ls-trace-private.h.) */

/* The record is of a kind in `kinds` and the store and the coder let it
 * take a short path. */
static inline gboolean
takes_short_path (LsTrace *self,
                  guint32  kinds,
                  guint    kind,
                  double   time,
                  guint16  thread)
{
  return kind < 32 && (kinds >> kind & 1) != 0 && ls_trace_short_path_open (self, time, thread);
}

/* short_left after a record on the long path: up to the next block, as
 * far as the tail chunk surely has room for (MAX_RECORD_BYTES each). */
static void
count_short_left (LsTrace *self)
{
  guint to_block = (guint) ((BLOCK_RECORDS - self->n_events % BLOCK_RECORDS) % BLOCK_RECORDS);
  guint room = (self->tail->size - self->tail->used) / MAX_RECORD_BYTES;

  self->short_left = MIN (to_block, room);
}

/* encode and the store's bookkeeping for a record on a short path, with
 * a deadline or not (a constant): ls-trace-private.h's, which the
 * engine's own records take inline too. */
static inline G_ALWAYS_INLINE guint32
append_short (LsTrace            *self,
              const LsTraceEvent *event,
              gboolean            deadline)
{
  return ls_trace_append_short_coded (self, event->kind, deadline, event->subject, event->object, event->arg,
                                      event->text, event->line);
}

static G_GNUC_NO_INLINE guint32
append_short_deadline (LsTrace            *self,
                       const LsTraceEvent *event)
{
  return append_short (self, event, TRUE);
}

/* The name a TASK_CREATED or THREAD_STARTED record gives its subject,
 * any case (ls_trace_note_name, ls-trace-private.h, takes the usual one
 * inline). */
void
ls_trace_note_name_general (LsTrace *self,
                            guint32  id,
                            guint32  text)
{
  guint n = self->n_ordered_names;

  if (n == 0 || id > self->ordered_names[n - 1].id)
    {
      if (G_UNLIKELY (n == self->ordered_names_size))
        {
          self->ordered_names_size = MAX (64, 2 * n);
          self->ordered_names = g_renew (NameEntry, self->ordered_names, self->ordered_names_size);
        }
      self->ordered_names[n] = (NameEntry) { id, text };
      self->n_ordered_names = n + 1;
    }
  else
    g_hash_table_insert (self->late_names, GUINT_TO_POINTER (id), GUINT_TO_POINTER (text));
}

/* A record of a kind that names its subject, on the short path. */
static G_GNUC_NO_INLINE guint32
append_short_naming (LsTrace            *self,
                     const LsTraceEvent *event)
{
  return ls_trace_append_short_naming (self, event->kind, event->subject, event->object, event->arg, event->text,
                                       event->line);
}

/* Any record: a new chunk or block first where short_left has run out,
 * then encode. */
static G_GNUC_NO_INLINE guint32
append_long (LsTrace            *self,
             const LsTraceEvent *event)
{
  gboolean counted = self->short_left > 0;
  Chunk *chunk;
  guint8 *start;

  if (counted)
    {
      chunk = self->tail;
      self->short_left--;
    }
  else
    {
      chunk = chunk_for_record (self);
      if (self->n_events % BLOCK_RECORDS == 0)
        start_block (self, chunk);
    }
  start = chunk->data + chunk->used;
  chunk->used += (guint32) (encode (&self->writer, start, event) - start);
  if (event->kind == LS_TRACE_TASK_CREATED || event->kind == LS_TRACE_THREAD_STARTED)
    ls_trace_note_name_general (self, event->subject, event->text);
  self->n_events++;
  if (!counted)
    count_short_left (self);
  return (guint32) (self->n_events - 1);
}

/* ls_trace_append's records off the plain short path, out of line: a
 * third call there made it save registers for every record. */
static G_GNUC_NO_INLINE guint32
append_other (LsTrace            *self,
              const LsTraceEvent *event)
{
  if (takes_short_path (self, DEADLINE_KINDS, event->kind, event->time, event->thread))
    return append_short_deadline (self, event);
  if (takes_short_path (self, NAMING_KINDS, event->kind, event->time, event->thread))
    return append_short_naming (self, event);
  return append_long (self, event);
}

/* A TASK_CREATED or THREAD_STARTED record, which always names its
 * subject: straight to the naming paths, without the tests of the kinds
 * that cannot match. */
guint32
ls_trace_append_naming (LsTrace            *self,
                        const LsTraceEvent *event)
{
  if (G_LIKELY (ls_trace_short_path_open (self, event->time, event->thread)))
    return append_short_naming (self, event);
  return append_long (self, event);
}

guint32
ls_trace_append (LsTrace            *self,
                 const LsTraceEvent *event)
{
  if (G_LIKELY (takes_short_path (self, SHORT_PATH_KINDS, event->kind, event->time, event->thread)))
    return append_short (self, event, FALSE);
  return append_other (self, event);
}

/* The long path of ls_trace_append_subject: the record is made here, so
 * that the short one need not write it out. */
static G_GNUC_NO_INLINE guint32
append_subject_long (LsTrace *self,
                     guint16  kind,
                     double   time,
                     guint16  thread,
                     guint32  subject)
{
  LsTraceEvent event = { time, kind, thread, subject, 0, 0, 0, 0 };

  return append_long (self, &event);
}

guint32
ls_trace_append_subject (LsTrace     *self,
                         LsTraceKind  kind,
                         double       time,
                         guint16      thread,
                         guint32      subject)
{
  LsTraceEvent event = { time, (guint16) kind, thread, subject, 0, 0, 0, 0 };

  /* with text and line 0, a deadline kind's record is coded as any other */
  if (G_LIKELY (takes_short_path (self, SHORT_PATH_KINDS | DEADLINE_KINDS, event.kind, time, thread)))
    return append_short (self, &event, FALSE);
  return append_subject_long (self, event.kind, time, thread, subject);
}

/* The long path of ls_trace_append_named: ls_trace_append's own. */
static G_GNUC_NO_INLINE guint32
append_named_other (LsTrace *self,
                    guint16  kind,
                    double   time,
                    guint16  thread,
                    guint32  subject,
                    guint32  object,
                    guint32  text)
{
  LsTraceEvent event = { time, kind, thread, subject, object, 0, text, 0 };

  return append_other (self, &event);
}

guint32
ls_trace_append_named (LsTrace     *self,
                       LsTraceKind  kind,
                       double       time,
                       guint16      thread,
                       guint32      subject,
                       guint32      object,
                       guint32      text)
{
  LsTraceEvent event = { time, (guint16) kind, thread, subject, object, 0, text, 0 };

  if (G_LIKELY (takes_short_path (self, SHORT_PATH_KINDS, event.kind, time, thread)))
    return append_short (self, &event, FALSE);
  return append_named_other (self, event.kind, time, thread, subject, object, text);
}

gsize
ls_trace_get_n_events (LsTrace *self)
{
  return self->n_events;
}

gboolean
ls_trace_get_event (LsTrace      *self,
                    gsize         index,
                    LsTraceEvent *out)
{
  Decoder *reader = &self->reader;
  gboolean sought = FALSE;

  if (index >= self->n_events)
    return FALSE;
  if (reader->next > 0 && index == reader->next - 1)
    {
      *out = self->current;
      return TRUE;
    }
  if (self->has_previous && index + 2 == reader->next)
    {
      *out = self->previous;
      return TRUE;
    }
  /* backwards, or further ahead than a block: from a checkpoint */
  if (index < reader->next || index - reader->next >= BLOCK_RECORDS)
    {
      decoder_init (self, reader, index);
      sought = TRUE;
    }
  while (reader->next <= index)
    {
      /* `current` is record next - 1, unless the reader just moved */
      self->previous = self->current;
      self->has_previous = !sought;
      decoder_read (self, reader, &self->current);
      sought = FALSE;
    }
  *out = self->current;
  return TRUE;
}

LsTraceCursor *
ls_trace_cursor_new (LsTrace *trace,
                     gsize    index)
{
  LsTraceCursor *self = g_new0 (LsTraceCursor, 1);
  LsTraceEvent skipped;

  self->trace = trace;
  decoder_init (trace, &self->decoder, index);
  while (self->decoder.next < index && self->decoder.next < trace->n_events)
    decoder_read (trace, &self->decoder, &skipped);
  return self;
}

void
ls_trace_cursor_free (LsTraceCursor *self)
{
  g_free (self);
}

gboolean
ls_trace_cursor_next (LsTraceCursor *self,
                      LsTraceEvent  *out)
{
  if (self->decoder.next >= self->trace->n_events)
    return FALSE;
  decoder_read (self->trace, &self->decoder, out);
  return TRUE;
}

gsize
ls_trace_cursor_get_index (LsTraceCursor *self)
{
  return self->decoder.next;
}

const char *
ls_trace_get_string (LsTrace *self,
                     guint32  index)
{
  if (ls_trace_index_is_task_name (index))
    return task_name (self, index & ~LS_TRACE_TASK_NAME_BIT);
  return index < self->strings->len ? g_ptr_array_index (self->strings, index) : "";
}

double
ls_trace_get_number (LsTrace *self,
                     guint32  index)
{
  return index < self->numbers->len ? g_array_index (self->numbers, double, index) : 0.0;
}

const char *
ls_trace_get_entity_name (LsTrace *self,
                          guint32  id)
{
  gpointer late;
  guint low = 0, high = self->n_ordered_names;

  if (g_hash_table_lookup_extended (self->late_names, GUINT_TO_POINTER (id), NULL, &late))
    return ls_trace_get_string (self, GPOINTER_TO_UINT (late));
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      const NameEntry *entry = &self->ordered_names[middle];

      if (entry->id == id)
        return ls_trace_get_string (self, entry->text);
      if (entry->id < id)
        low = middle + 1;
      else
        high = middle;
    }
  return ls_trace_get_string (self, 0);
}

const char *
ls_trace_kind_name (LsTraceKind kind)
{
  static const char *const names[] = {
    "task-created", "step-start", "step-end", "future-created", "future-done",
    "callback-scheduled", "callback-run", "callback-done", "timer-armed", "timer-cancelled",
    "cancel-requested", "cancel-delivered", "timeout-armed", "timeout-rescheduled",
    "timeout-expired", "shield-absorbed", "gather-created", "thread-started", "thread-blocked",
    "thread-resumed", "thread-finished", "output", "uncaught",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == LS_TRACE_N_KINDS);
  return (guint) kind < LS_TRACE_N_KINDS ? names[kind] : "?";
}

gsize
ls_trace_get_memory_size (LsTrace *self)
{
  /* chunks whole: their free tails are held too */
  gsize bytes = self->chunk_bytes + self->chunks->len * sizeof (gpointer) +
                self->checkpoints->len * sizeof (Checkpoint) + self->numbers->len * sizeof (double);

  GHashTableIter iter;
  gpointer text;

  for (guint i = 0; i < self->strings->len; i++)
    bytes += strlen (g_ptr_array_index (self->strings, i)) + 1 + sizeof (gpointer);
  /* the task names readers asked for (a sum: the order does not matter) */
  g_hash_table_iter_init (&iter, self->task_names);
  while (g_hash_table_iter_next (&iter, NULL, &text))
    bytes += strlen (text) + 1 + sizeof (gpointer);
  return bytes;
}
