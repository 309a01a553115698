/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-trace-private.h — the trace's layout and its coder, for ls-trace.c,
 * and the short path of an append inline, for ls-tracelib.c (the engine's
 * own records) and test-trace.c.  Nothing else includes it: readers go
 * through ls-trace.h.
 *
 * Why the short path is here: a record of the loop's hot path (a callback
 * run, a step started) cost ~85 instructions, half of them the call into
 * ls-trace.c and its tests of what the caller knows as constants — the
 * kind, its predictions, the fields that are 0.  Inline, with the kind a
 * constant, the compiler keeps only the work of that kind's record
 * (bench/NOTES.md, "Seventh session").  The format is ls-trace.c's (its
 * top comment); this is one more way to the same bytes.
 */
#pragma once

#include <string.h>

#include "ls-trace.h"

G_BEGIN_DECLS

#define KIND_ESCAPE   31
#define N_KIND_CODES  32

enum
{
  HEADER_KIND   = 0x1f,
  HEADER_TIME   = 0x20,
  HEADER_MASK   = 0x40,
  HEADER_THREAD = 0x80,
};

enum
{
  MASK_SUBJECT = 0x01,
  MASK_OBJECT  = 0x02,
  MASK_ARG     = 0x04,
  MASK_TEXT    = 0x08,
  MASK_LINE    = 0x10,
};

typedef struct
{
  guint32 used;                 /* bytes of `data` written */
  guint32 size;                 /* bytes of `data` */
  guint8  data[];
} Chunk;

/* What a subject or an object is predicted to be (subject_reference,
 * object_reference): REFERENCE_LAST_OF + kind is the last subject of
 * that kind in the block. */
enum
{
  REFERENCE_ZERO,
  REFERENCE_NEW,                /* the largest id so far, plus one */
  REFERENCE_MAX,                /* the largest id so far */
  REFERENCE_PREV_SUBJECT,
  REFERENCE_PREV_OBJECT,
  REFERENCE_SUBJECT,            /* this record's subject (objects only) */
  REFERENCE_THREAD,             /* this record's thread */
  REFERENCE_LAST_OF,
};

#define LAST_OF(kind) (REFERENCE_LAST_OF + (kind))
#define N_REFERENCES  (REFERENCE_LAST_OF + N_KIND_CODES)

/* What the encoder and the decoder both know at a record: what the
 * records before it in its block left.  Reset at each block's start, so
 * that a checkpoint need only hold the time and the thread. */
typedef struct
{
  double  time;
  guint16 thread;
  /* each prediction's value, read with no branch; REFERENCE_SUBJECT and
   * REFERENCE_THREAD are the current record's, set while it is coded */
  guint32 reference[N_REFERENCES];
  guint8  mask[N_KIND_CODES];
} Coder;

/* A decoder: where the next record is, and its coder's state. */
typedef struct
{
  Coder        coder;
  gsize        next;            /* index of the record it reads next */
  guint32      chunk;           /* index of `at` */
  guint32      offset;
  const Chunk *at;              /* the chunk, NULL before the first read */
} Decoder;

typedef struct
{
  guint32 id;
  guint32 text;
} NameEntry;

#define DEADLINE_MEMO_BITS 4

typedef struct
{
  guint64 base;                 /* the bits of the record's time */
  guint64 when;                 /* the bits of its deadline */
  guint64 code;                 /* DOUBLE_* as put_double codes it; 0: empty */
} DeadlineMemo;

struct _LsTrace
{
  GPtrArray  *chunks;     /* Chunk*, filled in order */
  Chunk      *tail;       /* the last one, NULL before the first record */
  GArray     *checkpoints; /* Checkpoint, one per block */
  gsize       n_events;
  gsize       chunk_bytes; /* their sum of sizes (an arena's uncut rest, under
                           * 2 MB, is the allocator's slack, as malloc's was) */
  /* The full-size chunks are cut from 2 MB arenas of the allocator's
   * reserve (ls-chunk-reserve.h), whose pages are written ahead on another
   * thread: in malloc's fresh pages, the first write of each 4 KB page
   * cost a page fault here, 3,000 of them in sleep0's trace. */
  GPtrArray  *arenas;
  GPtrArray  *malloced;   /* the chunks that are malloc's, freed with the trace */
  guint8     *arena_next; /* the uncut rest of the newest arena */
  guint8     *arena_end;
  Coder       writer;     /* the state after the last record appended */
  /* how many of the next records are neither a block's first nor short
   * of room in the tail chunk (takes_short_path); set by append_long,
   * which alone starts blocks and chunks */
  guint       short_left;
  /* codes of deadlines put lately, by (time, deadline): ls-trace.c,
   * ls_trace_put_deadline */
  DeadlineMemo deadline_memo[1 << DEADLINE_MEMO_BITS];

  /* ls_trace_get_event's cursor, with the records it read last: a reader
   * going forward often looks one record back. */
  Decoder      reader;
  LsTraceEvent current;   /* record reader.next - 1 */
  LsTraceEvent previous;  /* record reader.next - 2, if has_previous */
  gboolean     has_previous;

  GPtrArray  *strings;    /* index 0 is "" */
  GHashTable *string_ids; /* char* -> index + 1; lookups only */
  GArray     *numbers;    /* double; index 0 unused */
  /* entity id -> string index, for tasks and threads.  Ids come mostly
   * in rising order (a task's is taken at its TASK_CREATED), so those go
   * to the end of `ordered_names` (NameEntry, by id), a few instructions;
   * an id not above the last one there goes to `late_names`, which,
   * written later than any entry there of the same id, is asked first.
   * A GHashTable insert per task was ~280 instructions. */
  NameEntry  *ordered_names;
  guint       n_ordered_names;
  guint       ordered_names_size;
  GHashTable *late_names;
  GHashTable *task_names; /* N -> "Task-N", made when a reader asks; lookups only */
};

struct _LsTraceCursor
{
  LsTrace *trace;
  Decoder  decoder;
};

/* --- predictions ------------------------------------------------------------ */

/* From the benchmarks' traces (bench/): a task is created right after the
 * callback that will start it names it; a step starts some tasks after
 * the one before; a callback runs after the one queued before it; a step
 * or a callback ends on the one that started; new futures, handles and
 * timers take the next id; a future is done by the callback just run. */
static const guint8 subject_reference[N_KIND_CODES] = {
  [LS_TRACE_TASK_CREATED] = REFERENCE_PREV_OBJECT,
  [LS_TRACE_STEP_START] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_STEP_END] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_FUTURE_CREATED] = REFERENCE_NEW,
  [LS_TRACE_FUTURE_DONE] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_CALLBACK_SCHEDULED] = REFERENCE_NEW,
  [LS_TRACE_CALLBACK_RUN] = LAST_OF (LS_TRACE_CALLBACK_RUN),
  [LS_TRACE_CALLBACK_DONE] = LAST_OF (LS_TRACE_CALLBACK_RUN),
  [LS_TRACE_TIMER_ARMED] = REFERENCE_NEW,
  [LS_TRACE_TIMER_CANCELLED] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_CANCEL_REQUESTED] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_CANCEL_DELIVERED] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_TIMEOUT_ARMED] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_TIMEOUT_RESCHEDULED] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_TIMEOUT_EXPIRED] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_SHIELD_ABSORBED] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_GATHER_CREATED] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_THREAD_STARTED] = REFERENCE_THREAD,
  [LS_TRACE_THREAD_BLOCKED] = REFERENCE_THREAD,
  [LS_TRACE_THREAD_RESUMED] = REFERENCE_THREAD,
  [LS_TRACE_THREAD_FINISHED] = REFERENCE_THREAD,
  [LS_TRACE_OUTPUT] = REFERENCE_THREAD,
  [LS_TRACE_UNCAUGHT] = REFERENCE_ZERO,
  [KIND_ESCAPE] = REFERENCE_PREV_SUBJECT,
};

/* Objects: the running task (the last step started) creates, awaits,
 * prints and finishes a future (a queue's putter its getter's); a step
 * awaits the future it made last; a callback is scheduled for the
 * subject of the record before (a step that yields schedules its own
 * next step right after its STEP_END: 1 byte against the task, where it
 * was 2–3 against the new handle; sleep0 2.7 → 2.3 bytes a record, queue
 * 3.5 → 3.2, bench/NOTES.md "Tenth session"); anything else is near its
 * subject. */
static const guint8 object_reference[N_KIND_CODES] = {
  [LS_TRACE_TASK_CREATED] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_STEP_START] = REFERENCE_SUBJECT,
  [LS_TRACE_STEP_END] = REFERENCE_MAX,
  [LS_TRACE_FUTURE_CREATED] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_FUTURE_DONE] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_CALLBACK_SCHEDULED] = REFERENCE_PREV_SUBJECT,
  [LS_TRACE_CALLBACK_RUN] = REFERENCE_SUBJECT,
  [LS_TRACE_CALLBACK_DONE] = REFERENCE_SUBJECT,
  [LS_TRACE_TIMER_ARMED] = REFERENCE_SUBJECT,
  [LS_TRACE_TIMER_CANCELLED] = REFERENCE_SUBJECT,
  [LS_TRACE_CANCEL_REQUESTED] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_CANCEL_DELIVERED] = REFERENCE_SUBJECT,
  [LS_TRACE_TIMEOUT_ARMED] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_TIMEOUT_RESCHEDULED] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_TIMEOUT_EXPIRED] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_SHIELD_ABSORBED] = REFERENCE_SUBJECT,
  [LS_TRACE_GATHER_CREATED] = REFERENCE_SUBJECT,
  [LS_TRACE_THREAD_STARTED] = REFERENCE_SUBJECT,
  [LS_TRACE_THREAD_BLOCKED] = REFERENCE_SUBJECT,
  [LS_TRACE_THREAD_RESUMED] = REFERENCE_SUBJECT,
  [LS_TRACE_THREAD_FINISHED] = REFERENCE_SUBJECT,
  [LS_TRACE_OUTPUT] = LAST_OF (LS_TRACE_STEP_START),
  [LS_TRACE_UNCAUGHT] = REFERENCE_SUBJECT,
  [KIND_ESCAPE] = REFERENCE_SUBJECT,
};

/* --- numbers ---------------------------------------------------------------- */

static inline guint8 *
put_varint (guint8  *p,
            guint64  value)
{
  while (value >= 0x80)
    {
      *p++ = (guint8) (value | 0x80);
      value >>= 7;
    }
  *p++ = (guint8) value;
  return p;
}

static inline guint32
zigzag (guint32 value,
        guint32 predicted)
{
  guint32 delta = value - predicted;

  return (delta << 1) ^ (guint32) -(gint32) (delta >> 31);
}

static inline gboolean
same_bits (double a,
           double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

static inline guint32
rotate_text (guint32 text)
{
  return text << 1 | text >> 31;
}


/* The kinds whose records a short path may write: a kind coded in the
 * header byte, without a deadline (TIMER_ARMED and THREAD_BLOCKED keep
 * theirs in `text` and `line`, a double) and without a name to note
 * (TASK_CREATED, THREAD_STARTED). */
#define DEADLINE_KINDS (1u << LS_TRACE_TIMER_ARMED | 1u << LS_TRACE_THREAD_BLOCKED)
#define NAMING_KINDS (1u << LS_TRACE_TASK_CREATED | 1u << LS_TRACE_THREAD_STARTED)
#define SHORT_PATH_KINDS (((1u << LS_TRACE_N_KINDS) - 1) & ~(NAMING_KINDS | DEADLINE_KINDS))

G_STATIC_ASSERT (LS_TRACE_N_KINDS < KIND_ESCAPE);

/* The store and the coder let the next record take a short path: it is
 * at the time and on the thread of the record before, and neither a
 * block's first nor short of room in the tail chunk (short_left). */
static inline gboolean
ls_trace_short_path_open (LsTrace *self,
                          double   time,
                          guint16  thread)
{
  return self->short_left > 0 && same_bits (time, self->writer.time) && thread == self->writer.thread;
}

/* A deadline as ls-trace.c codes it (its top comment), relative to the
 * writer's time, at `p`; the end. */
G_GNUC_INTERNAL guint8 *ls_trace_put_deadline (LsTrace *self, guint8 *p, double when);

/* The short path of a record of kind `kind` (in SHORT_PATH_KINDS or
 * DEADLINE_KINDS) with its fields as arguments, once
 * ls_trace_short_path_open said yes: the bytes encode writes, put at
 * `start` (where the tail chunk's data ends, or where a record just put
 * there ends), and the coder's state after them; the end.  The store's
 * counters are the caller's (ls_trace_append_short_coded,
 * ls_trace_append_short_pair).  `deadline` is whether the record keeps a
 * deadline in `text` and `line` (ls_trace_kind_has_when), or FALSE where
 * both are 0 (then such a record is coded as any other).  Meant for
 * constants, where it folds to the record's own work: the predictions
 * are read from the tables at compile time, and the fields that are 0
 * are neither tested nor written.
 *
 * REFERENCE_THREAD and REFERENCE_SUBJECT are the record's own thread and
 * subject, read only while a record is coded (encode and decode set them
 * first): stored here only where this kind's predictions read them. */
static inline G_ALWAYS_INLINE guint8 *
ls_trace_encode_short (LsTrace  *self,
                       guint8   *start,
                       guint     kind,
                       gboolean  deadline,
                       guint32   subject,
                       guint32   object,
                       guint32   arg,
                       guint32   text,
                       guint32   line)
{
  Coder *coder = &self->writer;
  guint32 *reference = coder->reference;
  guint8 *p = start + 1;
  guint32 predicted_subject, predicted_object, max_id;
  guint8 mask;

  if (subject_reference[kind] == REFERENCE_THREAD)
    reference[REFERENCE_THREAD] = coder->thread;
  predicted_subject = reference[subject_reference[kind]];
  if (object_reference[kind] == REFERENCE_SUBJECT)
    predicted_object = subject;
  else
    predicted_object = reference[object_reference[kind]];

  mask = (guint8) ((subject != predicted_subject ? MASK_SUBJECT : 0) |
                   (object != 0 ? MASK_OBJECT : 0) |
                   (arg != 0 ? MASK_ARG : 0));
  if (deadline)
    mask |= (text | line) != 0 ? MASK_TEXT : 0;
  else
    mask |= (text != 0 ? MASK_TEXT : 0) | (line != 0 ? MASK_LINE : 0);
  *start = (guint8) kind;
  if (G_UNLIKELY (mask != coder->mask[kind]))
    {
      *start |= HEADER_MASK;
      *p++ = mask;
      coder->mask[kind] = mask;
    }
  if (mask & MASK_SUBJECT)
    p = put_varint (p, zigzag (subject, predicted_subject));
  if (mask & MASK_OBJECT)
    p = put_varint (p, zigzag (object, predicted_object));
  if (mask & MASK_ARG)
    p = put_varint (p, arg);
  if ((mask & MASK_TEXT) && deadline)
    {
      guint64 bits = (guint64) line << 32 | text;
      double when;

      memcpy (&when, &bits, sizeof when);
      p = ls_trace_put_deadline (self, p, when);
    }
  else if (mask & MASK_TEXT)
    p = put_varint (p, rotate_text (text));
  if (mask & MASK_LINE)
    p = put_varint (p, line);

  /* coder_learn_ids; the time and the thread are the coder's already.
   * The largest id moves only with a new one (a branch, where the
   * kind's subject is not a new id, instead of two stores always) */
  max_id = reference[REFERENCE_MAX];
  if (subject > max_id || object > max_id)
    {
      max_id = MAX (subject, object);
      reference[REFERENCE_MAX] = max_id;
      reference[REFERENCE_NEW] = max_id + 1;
    }
  reference[REFERENCE_PREV_SUBJECT] = subject;
  reference[REFERENCE_PREV_OBJECT] = object;
  reference[REFERENCE_LAST_OF + kind] = subject;
  return p;
}

/* One record on the short path: ls_trace_encode_short at the tail
 * chunk's end, and the store's counters; the record's index. */
static inline G_ALWAYS_INLINE guint32
ls_trace_append_short_coded (LsTrace  *self,
                             guint     kind,
                             gboolean  deadline,
                             guint32   subject,
                             guint32   object,
                             guint32   arg,
                             guint32   text,
                             guint32   line)
{
  Chunk *chunk = self->tail;
  guint8 *start = chunk->data + chunk->used;
  guint8 *p = ls_trace_encode_short (self, start, kind, deadline, subject, object, arg, text, line);

  chunk->used += (guint32) (p - start);
  self->short_left--;
  return (guint32) self->n_events++;
}

/* ls_trace_append_short_coded for a record with all its fields (a
 * deadline where its kind has one). */
static inline G_ALWAYS_INLINE guint32
ls_trace_append_short (LsTrace *self,
                       guint    kind,
                       guint32  subject,
                       guint32  object,
                       guint32  arg,
                       guint32  text,
                       guint32  line)
{
  return ls_trace_append_short_coded (self, kind, ls_trace_kind_has_when ((guint16) kind), subject, object, arg,
                                      text, line);
}

/* The name a TASK_CREATED or THREAD_STARTED record gives its subject,
 * where it takes no allocation and no hash: an id above the last one
 * noted, with room at the end of `ordered_names` (ls-trace.c's top
 * comment on the names); else ls-trace.c's general way. */
G_GNUC_INTERNAL void ls_trace_note_name_general (LsTrace *self, guint32 id, guint32 text);

static inline G_ALWAYS_INLINE void
ls_trace_note_name (LsTrace *self,
                    guint32  id,
                    guint32  text)
{
  guint n = self->n_ordered_names;

  if (G_LIKELY (n != 0 && n < self->ordered_names_size && id > self->ordered_names[n - 1].id))
    {
      self->ordered_names[n].id = id;
      self->ordered_names[n].text = text;
      self->n_ordered_names = n + 1;
    }
  else
    ls_trace_note_name_general (self, id, text);
}

/* A record of a kind that names its subject (TASK_CREATED,
 * THREAD_STARTED) on the short path: its name noted, then
 * ls_trace_append_short_coded.  With the kind a constant (a task's
 * creation, ls-tracelib.c), the coder's work folds as for any short
 * record; ls-trace.c's append_short_naming is the same with a kind read
 * from the record. */
static inline G_ALWAYS_INLINE guint32
ls_trace_append_short_naming (LsTrace *self,
                              guint    kind,
                              guint32  subject,
                              guint32  object,
                              guint32  arg,
                              guint32  text,
                              guint32  line)
{
  ls_trace_note_name (self, subject, text);
  return ls_trace_append_short_coded (self, kind, FALSE, subject, object, arg, text, line);
}

/* Two records on the short path in one append, where
 * ls_trace_short_path_open said yes and short_left is at least 2 (then
 * neither is a block's first nor short of room, and the second is at the
 * time and on the thread of the first): the bytes and the coder's state
 * of ls_trace_append_short twice, with the store's counters moved once.
 * Neither kind keeps a deadline.  The second record's index. */
static inline G_ALWAYS_INLINE guint32
ls_trace_append_short_pair (LsTrace *self,
                            guint    kind,
                            guint32  subject,
                            guint32  object,
                            guint32  arg,
                            guint32  text,
                            guint32  line,
                            guint    kind2,
                            guint32  subject2,
                            guint32  object2,
                            guint32  arg2,
                            guint32  text2,
                            guint32  line2)
{
  Chunk *chunk = self->tail;
  guint8 *start = chunk->data + chunk->used;
  guint8 *p = ls_trace_encode_short (self, start, kind, FALSE, subject, object, arg, text, line);
  gsize index;

  p = ls_trace_encode_short (self, p, kind2, FALSE, subject2, object2, arg2, text2, line2);
  chunk->used += (guint32) (p - start);
  self->short_left -= 2;
  index = self->n_events + 1;
  self->n_events = index + 1;
  return (guint32) index;
}

G_END_DECLS
