/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-trace.c — the packed trace store (engine/ls-trace.c) gives every
 * record back bit for bit: read forward, with cursors, and at random.
 */
#define G_LOG_DOMAIN "loopscope-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ls-trace.h"
#include "ls-trace-private.h"

/* Doubles that a decimal offset cannot reach, or only just. */
static const double awkward_doubles[] = {
  0.0, -0.0, 1e300, -1e300, 5e-324, 2.2250738585072014e-308, 1e-9, 0.1, 0.30000000000000004,
  4503599627370496.5, 9007199254740993.0, 1.7976931348623157e308, -1.0, 123456.789, 1e15,
};

static const guint32 awkward_ids[] = {
  0, 1, 2, 127, 128, 16383, 16384, G_MAXUINT32, G_MAXUINT32 - 1, 0x80000000u, 0x7fffffffu, 0x80000001u,
};

static guint32
random_id (GRand   *rand,
           guint32  near)
{
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      return awkward_ids[g_rand_int_range (rand, 0, G_N_ELEMENTS (awkward_ids))];
    case 1:
      return g_rand_int (rand);
    case 2:
      return 0;
    default:
      return near + (guint32) g_rand_int_range (rand, -300, 300);
    }
}

static guint32
random_small (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
      return g_rand_int (rand);
    case 1:
      return awkward_ids[g_rand_int_range (rand, 0, G_N_ELEMENTS (awkward_ids))];
    case 2:
      return LS_TRACE_TASK_NAME_BIT | (guint32) g_rand_int_range (rand, 0, 100000);
    default:
      return (guint32) g_rand_int_range (rand, 0, 200);
    }
}

static double
random_double (GRand  *rand,
               double  base)
{
  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
      return awkward_doubles[g_rand_int_range (rand, 0, G_N_ELEMENTS (awkward_doubles))];
    case 1:
      return g_rand_double_range (rand, -1e6, 1e6) * pow (10, g_rand_int_range (rand, -300, 300));
    case 2:
      /* asyncio's now + delay, a decimal delay */
      return base + g_rand_int_range (rand, 0, 100000) / pow (10, g_rand_int_range (rand, 0, 12));
    default:
      return base + g_rand_double (rand);
    }
}

static guint16
random_kind (GRand *rand)
{
  if (g_rand_int_range (rand, 0, 50) == 0)
    return (guint16) g_rand_int_range (rand, LS_TRACE_N_KINDS, 65536);
  return (guint16) g_rand_int_range (rand, 0, LS_TRACE_N_KINDS);
}

/* Mostly like a run's records (the time and thread of the one before,
 * ids near the recent ones), often not at all. */
static void
random_event (GRand              *rand,
              const LsTraceEvent *before,
              LsTraceEvent       *event)
{
  memset (event, 0, sizeof *event);
  event->kind = random_kind (rand);
  event->time = g_rand_int_range (rand, 0, 20) == 0 ? random_double (rand, before->time) : before->time;
  event->thread = g_rand_int_range (rand, 0, 30) == 0 ? (guint16) g_rand_int_range (rand, 0, 65536) : before->thread;
  event->subject = random_id (rand, before->subject);
  event->object = random_id (rand, before->subject);
  event->arg = random_small (rand);
  event->text = random_small (rand);
  event->line = random_small (rand);
  if (ls_trace_kind_has_when (event->kind))
    {
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          ls_trace_event_set_when (event, -1.0);
          break;
        case 1:
          /* any 64 bits, NaNs among them */
          break;
        default:
          ls_trace_event_set_when (event, random_double (rand, event->time));
          break;
        }
    }
}

static void
assert_same_event (const LsTraceEvent *a,
                   const LsTraceEvent *b,
                   gsize               index)
{
  if (memcmp (a, b, sizeof *a) != 0)
    g_error ("record %" G_GSIZE_FORMAT ": kind %u/%u time %a/%a thread %u/%u subject %u/%u object %u/%u "
             "arg %u/%u text %u/%u line %u/%u", index, a->kind, b->kind, a->time, b->time, a->thread, b->thread,
             a->subject, b->subject, a->object, b->object, a->arg, b->arg, a->text, b->text, a->line, b->line);
}

static GArray *
fill_random (LsTrace *trace,
             guint32  seed,
             gsize    n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GArray *events = g_array_sized_new (FALSE, FALSE, sizeof (LsTraceEvent), (guint) n);
  LsTraceEvent before = { 0 }, event;

  for (gsize i = 0; i < n; i++)
    {
      random_event (rand, &before, &event);
      g_assert_cmpuint (ls_trace_append (trace, &event), ==, i);
      g_array_append_val (events, event);
      before = event;
    }
  return events;
}

static void
assert_forward (LsTrace *trace,
                GArray  *events)
{
  LsTraceEvent event;

  g_assert_cmpuint (ls_trace_get_n_events (trace), ==, events->len);
  for (guint i = 0; i < events->len; i++)
    {
      g_assert_true (ls_trace_get_event (trace, i, &event));
      assert_same_event (&event, &g_array_index (events, LsTraceEvent, i), i);
    }
  g_assert_false (ls_trace_get_event (trace, events->len, &event));
}

/* The two traces' storage, byte for byte. */
static void
assert_same_chunks (LsTrace *inlined,
                    LsTrace *plain)
{
  g_assert_cmpuint (inlined->chunks->len, ==, plain->chunks->len);
  for (guint i = 0; i < plain->chunks->len; i++)
    {
      const Chunk *a = g_ptr_array_index (plain->chunks, i), *b = g_ptr_array_index (inlined->chunks, i);

      g_assert_cmpuint (a->used, ==, b->used);
      g_assert_cmpmem (a->data, a->used, b->data, b->used);
    }
}

static void
test_round_trip_random (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(GArray) events = fill_random (trace, 42, 200000);

  assert_forward (trace, events);
}

static void
test_random_access (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(GArray) events = fill_random (trace, 7, 50000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  LsTraceEvent event;

  for (guint k = 0; k < 20000; k++)
    {
      guint i;

      /* far jumps, and short steps back and forth from the last one */
      if (k % 4 == 0)
        i = (guint) g_rand_int_range (rand, 0, (gint32) events->len);
      else
        {
          gint64 step;

          i = (guint) g_rand_int_range (rand, 0, (gint32) events->len);
          g_assert_true (ls_trace_get_event (trace, i, &event));
          step = g_rand_int_range (rand, -3, 600);
          i = (guint) CLAMP ((gint64) i + step, 0, (gint64) events->len - 1);
        }
      g_assert_true (ls_trace_get_event (trace, i, &event));
      assert_same_event (&event, &g_array_index (events, LsTraceEvent, i), i);
    }
  /* backwards, one by one */
  for (guint i = events->len; i-- > 0;)
    {
      g_assert_true (ls_trace_get_event (trace, i, &event));
      assert_same_event (&event, &g_array_index (events, LsTraceEvent, i), i);
    }
}

static void
test_cursors (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(GArray) events = fill_random (trace, 11, 3000);
  const gsize starts[] = { 0, 1, 255, 256, 257, 511, 512, 1000, 2999, 3000, 5000 };

  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    {
      g_autoptr(LsTraceCursor) cursor = ls_trace_cursor_new (trace, starts[s]);
      LsTraceEvent event;
      gsize i = MIN (starts[s], events->len);

      g_assert_cmpuint (ls_trace_cursor_get_index (cursor), ==, i);
      /* the trace's own cursor moves meanwhile, elsewhere */
      g_assert_true (ls_trace_get_event (trace, (i * 7919 + 1) % events->len, &event));
      for (; ls_trace_cursor_next (cursor, &event); i++)
        assert_same_event (&event, &g_array_index (events, LsTraceEvent, i), i);
      g_assert_cmpuint (i, ==, events->len);
    }
}

/* A reader that keeps up with the writer, as the live view does. */
static void
test_read_while_appending (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(LsTraceCursor) cursor = ls_trace_cursor_new (trace, 0);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  LsTraceEvent before = { 0 }, event, read;
  gsize n_read = 0;

  g_assert_false (ls_trace_get_event (trace, 0, &read));
  g_assert_false (ls_trace_cursor_next (cursor, &read));
  for (gsize i = 0; i < 5000; i++)
    {
      random_event (rand, &before, &event);
      ls_trace_append (trace, &event);
      g_assert_true (ls_trace_get_event (trace, i, &read));
      assert_same_event (&read, &event, i);
      if (i > 0)
        {
          g_assert_true (ls_trace_get_event (trace, i - 1, &read));
          assert_same_event (&read, &before, i - 1);
        }
      if (g_rand_int_range (rand, 0, 10) == 0)
        while (ls_trace_cursor_next (cursor, &read))
          n_read++;
      before = event;
    }
  while (ls_trace_cursor_next (cursor, &read))
    n_read++;
  g_assert_cmpuint (n_read, ==, 5000);
}

/* Each kind, with every field at its extremes, in every position of a
 * block. */
static void
test_edge_cases (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (LsTraceEvent));
  const guint16 kinds_past[] = { LS_TRACE_N_KINDS, 30, 31, 32, 127, 128, G_MAXUINT16 };

  for (guint k = 0; k < LS_TRACE_N_KINDS + G_N_ELEMENTS (kinds_past); k++)
    for (guint d = 0; d < G_N_ELEMENTS (awkward_doubles); d++)
      for (guint v = 0; v < G_N_ELEMENTS (awkward_ids); v++)
        {
          LsTraceEvent event = {
            awkward_doubles[d],
            k < LS_TRACE_N_KINDS ? (guint16) k : kinds_past[k - LS_TRACE_N_KINDS],
            (guint16) awkward_ids[v],
            awkward_ids[v], awkward_ids[(v + 1) % G_N_ELEMENTS (awkward_ids)],
            awkward_ids[(v + 2) % G_N_ELEMENTS (awkward_ids)], awkward_ids[(v + 3) % G_N_ELEMENTS (awkward_ids)],
            awkward_ids[(v + 4) % G_N_ELEMENTS (awkward_ids)],
          };

          if (ls_trace_kind_has_when (event.kind))
            ls_trace_event_set_when (&event, awkward_doubles[(d + v) % G_N_ELEMENTS (awkward_doubles)]);
          ls_trace_append (trace, &event);
          g_array_append_val (events, event);
        }
  assert_forward (trace, events);
}

/* A run's records: the trace must be much smaller than 32 bytes each. */
static void
test_compact (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  LsTraceEvent event = { 0, LS_TRACE_CALLBACK_RUN, 1, 0, 0, 0, 0, 0 };
  guint32 next_id = 10;
  const gsize n = 100000;

  for (gsize i = 0; i < n; i += 4)
    {
      event.kind = LS_TRACE_CALLBACK_RUN;
      event.subject = next_id - 5;
      ls_trace_append (trace, &event);
      event.kind = LS_TRACE_FUTURE_CREATED;
      event.subject = ++next_id;
      ls_trace_append (trace, &event);
      event.kind = LS_TRACE_TIMER_ARMED;
      event.subject = ++next_id;
      ls_trace_event_set_when (&event, event.time + 0.7);
      ls_trace_append (trace, &event);
      event.text = event.line = 0;
      event.kind = LS_TRACE_CALLBACK_DONE;
      event.subject = next_id - 7;
      ls_trace_append (trace, &event);
      if (i % 1000 == 0)
        event.time += 0.1;
    }
  g_assert_cmpuint (ls_trace_get_memory_size (trace), <, n * 6);
}

/* ls_trace_append_subject and ls_trace_append_named store what
 * ls_trace_append stores for the same record: the same records come back, the names table agrees, and
 * the two traces take the same room. */
static void
test_append_subject (void)
{
  g_autoptr(LsTrace) plain = ls_trace_new ();
  g_autoptr(LsTrace) subject = ls_trace_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (LsTraceEvent));
  LsTraceEvent before = { 0 }, event, read;

  for (gsize i = 0; i < 100000; i++)
    {
      random_event (rand, &before, &event);
      /* half of them with nothing but a subject, of any kind, a quarter
       * without arg and line (ls_trace_append_named) */
      if (g_rand_boolean (rand))
        {
          event.object = event.arg = event.text = event.line = 0;
          g_assert_cmpuint (ls_trace_append_subject (subject, event.kind, event.time, event.thread, event.subject),
                            ==, i);
        }
      else if (g_rand_boolean (rand))
        {
          event.arg = event.line = 0;
          g_assert_cmpuint (ls_trace_append_named (subject, event.kind, event.time, event.thread, event.subject,
                                                   event.object, event.text),
                            ==, i);
        }
      else
        g_assert_cmpuint (ls_trace_append (subject, &event), ==, i);
      g_assert_cmpuint (ls_trace_append (plain, &event), ==, i);
      g_array_append_val (events, event);
      before = event;
    }
  assert_forward (subject, events);
  for (guint i = 0; i < events->len; i++)
    {
      const LsTraceEvent *e = &g_array_index (events, LsTraceEvent, i);

      g_assert_true (ls_trace_get_event (plain, i, &read));
      assert_same_event (&read, e, i);
      if (e->kind == LS_TRACE_TASK_CREATED || e->kind == LS_TRACE_THREAD_STARTED)
        g_assert_cmpstr (ls_trace_get_entity_name (subject, e->subject), ==,
                         ls_trace_get_entity_name (plain, e->subject));
    }
  g_assert_cmpuint (ls_trace_get_memory_size (subject), ==, ls_trace_get_memory_size (plain));
}

/* ls_trace_append_short with a constant kind (as ls-tracelib.c calls
 * it), the fields as they are or as constant zeros (a deadline kind's
 * too: then it has none); ls_trace_append where it may not. */
#define SHORT_CASE(k)                                                                              \
  case k:                                                                                          \
    return zeros ? ls_trace_append_short (trace, k, event->subject, 0, 0, 0, 0)                    \
                 : ls_trace_append_short (trace, k, event->subject, event->object, event->arg,    \
                                          event->text, event->line)

static guint32
append_inline (LsTrace            *trace,
               const LsTraceEvent *event,
               gboolean            zeros)
{
  if (event->kind < 32 && ((SHORT_PATH_KINDS | DEADLINE_KINDS) >> event->kind & 1) != 0 &&
      ls_trace_short_path_open (trace, event->time, event->thread))
    switch (event->kind)
      {
        SHORT_CASE (LS_TRACE_STEP_START);
        SHORT_CASE (LS_TRACE_STEP_END);
        SHORT_CASE (LS_TRACE_FUTURE_CREATED);
        SHORT_CASE (LS_TRACE_FUTURE_DONE);
        SHORT_CASE (LS_TRACE_CALLBACK_SCHEDULED);
        SHORT_CASE (LS_TRACE_CALLBACK_RUN);
        SHORT_CASE (LS_TRACE_CALLBACK_DONE);
        SHORT_CASE (LS_TRACE_TIMER_CANCELLED);
        SHORT_CASE (LS_TRACE_CANCEL_REQUESTED);
        SHORT_CASE (LS_TRACE_CANCEL_DELIVERED);
        SHORT_CASE (LS_TRACE_TIMEOUT_ARMED);
        SHORT_CASE (LS_TRACE_TIMEOUT_RESCHEDULED);
        SHORT_CASE (LS_TRACE_TIMEOUT_EXPIRED);
        SHORT_CASE (LS_TRACE_SHIELD_ABSORBED);
        SHORT_CASE (LS_TRACE_GATHER_CREATED);
        SHORT_CASE (LS_TRACE_THREAD_RESUMED);
        SHORT_CASE (LS_TRACE_THREAD_FINISHED);
        SHORT_CASE (LS_TRACE_OUTPUT);
        SHORT_CASE (LS_TRACE_UNCAUGHT);
        SHORT_CASE (LS_TRACE_TIMER_ARMED);
        SHORT_CASE (LS_TRACE_THREAD_BLOCKED);
      default:
        g_assert_not_reached ();
      }
  return ls_trace_append (trace, event);
}

#undef SHORT_CASE

/* The inline short path (ls-trace-private.h) stores the bytes
 * ls_trace_append stores, chunk for chunk, for any mix of kinds, with
 * the fields a caller passes as constant zeros or not; and the records
 * come back. */
static void
test_append_inline (void)
{
  g_autoptr(LsTrace) plain = ls_trace_new ();
  g_autoptr(LsTrace) inlined = ls_trace_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (29);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (LsTraceEvent));
  LsTraceEvent before = { 0 }, event;
  guint n_short = 0;

  /* every kind in SHORT_PATH_KINDS and DEADLINE_KINDS has its case above */
  g_assert_cmpuint (SHORT_PATH_KINDS, ==,
                    (1u << LS_TRACE_N_KINDS) - 1 - (1u << LS_TRACE_TASK_CREATED) - (1u << LS_TRACE_THREAD_STARTED) -
                    (1u << LS_TRACE_TIMER_ARMED) - (1u << LS_TRACE_THREAD_BLOCKED));
  for (gsize i = 0; i < 300000; i++)
    {
      gboolean zeros = g_rand_int_range (rand, 0, 3) == 0;

      random_event (rand, &before, &event);
      /* mostly the loop's records: one time, one thread, a few kinds */
      if (g_rand_int_range (rand, 0, 4) != 0)
        {
          event.time = before.time;
          event.thread = before.thread;
        }
      if (zeros)
        event.object = event.arg = event.text = event.line = 0;
      if (event.kind < 32 && ((SHORT_PATH_KINDS | DEADLINE_KINDS) >> event.kind & 1) != 0 &&
          ls_trace_short_path_open (inlined, event.time, event.thread))
        n_short++;
      g_assert_cmpuint (append_inline (inlined, &event, zeros), ==, i);
      g_assert_cmpuint (ls_trace_append (plain, &event), ==, i);
      g_array_append_val (events, event);
      before = event;
    }
  g_assert_cmpuint (n_short, >, 100000);
  assert_forward (inlined, events);
  assert_same_chunks (inlined, plain);
}

/* The two pairs of records the engine writes in one append (ls-tracelib.c:
 * a bare yield's STEP_END with the CALLBACK_SCHEDULED of the next step, a
 * callback's CALLBACK_RUN with its task's STEP_START), as constants, the
 * fields as the engine passes them (the constant zeros) or random. */
static guint32
append_pair (LsTrace            *trace,
             gboolean            yield_pair,
             const LsTraceEvent *a,
             const LsTraceEvent *b)
{
  if (yield_pair)
    return ls_trace_append_short_pair (trace, LS_TRACE_STEP_END, a->subject, 0, a->arg, 0, a->line,
                                       LS_TRACE_CALLBACK_SCHEDULED, b->subject, b->object, 0, b->text, 0);
  return ls_trace_append_short_pair (trace, LS_TRACE_CALLBACK_RUN, a->subject, 0, 0, 0, 0, LS_TRACE_STEP_START,
                                     b->subject, 0, 0, 0, 0);
}

/* ls_trace_append_short_pair stores the bytes of two ls_trace_append,
 * chunk for chunk, among random records, wherever the short path is open
 * with two records left on it (as its callers test); and the records come
 * back. */
static void
test_append_pair (void)
{
  g_autoptr(LsTrace) plain = ls_trace_new ();
  g_autoptr(LsTrace) paired = ls_trace_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (37);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (LsTraceEvent));
  LsTraceEvent before = { 0 }, a, b;
  guint n_pairs = 0;

  while (events->len < 300000)
    {
      gboolean yield_pair = g_rand_boolean (rand);

      random_event (rand, &before, &a);
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          /* a record of any kind between the pairs */
          g_assert_cmpuint (append_inline (paired, &a, FALSE), ==, events->len);
          g_assert_cmpuint (ls_trace_append (plain, &a), ==, events->len);
          g_array_append_val (events, a);
          before = a;
          continue;
        }
      random_event (rand, &a, &b);
      b.time = a.time;
      b.thread = a.thread;
      a.kind = yield_pair ? LS_TRACE_STEP_END : LS_TRACE_CALLBACK_RUN;
      b.kind = yield_pair ? LS_TRACE_CALLBACK_SCHEDULED : LS_TRACE_STEP_START;
      a.object = a.text = 0;
      b.arg = b.line = 0;
      if (!yield_pair)
        a.arg = a.line = b.object = b.text = 0;
      if (paired->short_left >= 2 && ls_trace_short_path_open (paired, a.time, a.thread))
        {
          g_assert_cmpuint (append_pair (paired, yield_pair, &a, &b), ==, events->len + 1);
          n_pairs++;
        }
      else
        {
          g_assert_cmpuint (ls_trace_append (paired, &a), ==, events->len);
          g_assert_cmpuint (ls_trace_append (paired, &b), ==, events->len + 1);
        }
      g_assert_cmpuint (ls_trace_append (plain, &a), ==, events->len);
      g_assert_cmpuint (ls_trace_append (plain, &b), ==, events->len + 1);
      g_array_append_val (events, a);
      g_array_append_val (events, b);
      before = b;
    }
  g_assert_cmpuint (n_pairs, >, 50000);
  assert_forward (paired, events);
  g_assert_cmpuint (paired->chunks->len, ==, plain->chunks->len);
  for (guint i = 0; i < plain->chunks->len; i++)
    {
      const Chunk *x = g_ptr_array_index (plain->chunks, i), *y = g_ptr_array_index (paired->chunks, i);

      g_assert_cmpuint (x->used, ==, y->used);
      g_assert_cmpmem (x->data, x->used, y->data, y->used);
    }
}

/* ls_trace_put_deadline writes the same bytes from its memo as without
 * it: deadlines at a few times with a few delays (the memo's hits),
 * random ones, -1, NaNs, each put again with the memo emptied. */
static void
test_deadline_memo (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(LsTrace) fresh = ls_trace_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (31);
  const double delays[] = { 0, 0.1, 0.2, 0.30000000000000004, 0.7, 1, 2.5, 1e-9, 0.3, 86400, -0.5, 1e300 };
  double bases[6];
  guint n_hits = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    bases[i] = random_double (rand, i * 10.0);
  for (guint i = 0; i < 200000; i++)
    {
      double base = bases[g_rand_int_range (rand, 0, G_N_ELEMENTS (bases))];
      guint8 with_memo[16], without[16], *end, *fresh_end;
      double when;
      guint64 bits;

      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
          when = random_double (rand, base);
          break;
        case 1:
          bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
          memcpy (&when, &bits, sizeof when);
          break;
        case 2:
          when = -1.0;
          break;
        default:
          when = base + delays[g_rand_int_range (rand, 0, G_N_ELEMENTS (delays))];
          break;
        }
      trace->writer.time = base;
      end = ls_trace_put_deadline (trace, with_memo, when);
      memset (fresh->deadline_memo, 0, sizeof fresh->deadline_memo);
      fresh->writer.time = base;
      fresh_end = ls_trace_put_deadline (fresh, without, when);
      g_assert_cmpmem (with_memo, end - with_memo, without, fresh_end - without);
      for (guint slot = 0; slot < G_N_ELEMENTS (trace->deadline_memo); slot++)
        {
          DeadlineMemo *memo = &trace->deadline_memo[slot];

          if (memo->code != 0 && memcmp (&memo->when, &when, sizeof when) == 0 &&
              memcmp (&memo->base, &base, sizeof base) == 0)
            n_hits++;
        }
    }
  /* the memo was used: most deadlines were in it after being put */
  g_assert_cmpuint (n_hits, >, 100000);
}

/* Long runs at one time on one thread, the records of a busy loop, take
 * the short path up to the end of every block and every chunk, with now
 * and then a record that does not (a deadline, a new time, a name). */
static void
test_short_path_boundaries (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (LsTraceEvent));
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  const guint16 kinds[] = {
    LS_TRACE_CALLBACK_RUN, LS_TRACE_STEP_START, LS_TRACE_FUTURE_CREATED, LS_TRACE_STEP_END,
    LS_TRACE_CALLBACK_DONE, LS_TRACE_CALLBACK_SCHEDULED,
  };
  LsTraceEvent event = { 1.5, 0, 1, 0, 0, 0, 0, 0 };

  for (guint32 i = 0; i < 400000; i++)
    {
      guint rare = (guint) g_rand_int_range (rand, 0, 2000);

      memset (&event.subject, 0, sizeof event - G_STRUCT_OFFSET (LsTraceEvent, subject));
      event.kind = kinds[i % G_N_ELEMENTS (kinds)];
      /* ids far apart and fields set: records of up to ~20 bytes */
      event.subject = i % 3 == 0 ? g_rand_int (rand) : i;
      event.object = i % 5 == 0 ? g_rand_int (rand) : 0;
      event.text = i % 7 == 0 ? g_rand_int (rand) : 0;
      event.line = i % 11 == 0 ? g_rand_int (rand) : 0;
      if (rare == 0)
        event.time += 0.25;
      else if (rare == 1)
        {
          event.kind = LS_TRACE_TIMER_ARMED;
          ls_trace_event_set_when (&event, event.time + 0.5);
        }
      else if (rare == 2)
        event.kind = LS_TRACE_TASK_CREATED;
      if (event.object == 0 && event.arg == 0 && event.text == 0 && event.line == 0 && i % 2 == 0)
        g_assert_cmpuint (ls_trace_append_subject (trace, event.kind, event.time, event.thread, event.subject), ==, i);
      else
        g_assert_cmpuint (ls_trace_append (trace, &event), ==, i);
      g_array_append_val (events, event);
    }
  assert_forward (trace, events);
  {
    g_autoptr(LsTraceCursor) cursor = ls_trace_cursor_new (trace, 65535);
    LsTraceEvent read;

    for (guint i = 65535; ls_trace_cursor_next (cursor, &read); i++)
      assert_same_event (&read, &g_array_index (events, LsTraceEvent, i), i);
  }
}

/* The names TASK_CREATED and THREAD_STARTED give their subjects, with ids
 * mostly rising (a task's id is taken at its creation) but not always: a
 * thread's ident comes again, an id taken early comes late.  The last
 * record of an id names it, on the short path or the long one (a new
 * time); an id never named has "". */
static void
test_entity_names (void)
{
  g_autoptr(LsTrace) trace = ls_trace_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  guint32 next_id = 1;
  double time = 0.0;

  for (guint i = 0; i < 20000; i++)
    {
      LsTraceEvent event = { 0 };
      guint32 id;
      char text[32];

      if (g_rand_int_range (rand, 0, 10) == 0)
        time += 0.5;
      if (g_rand_int_range (rand, 0, 4) != 0)
        {
          event.kind = LS_TRACE_CALLBACK_RUN;
          event.subject = g_rand_int_range (rand, 1, 1000);
          event.time = time;
          ls_trace_append (trace, &event);
          continue;
        }
      /* new ids mostly, now and then an earlier one again */
      if (g_rand_int_range (rand, 0, 5) == 0)
        id = (guint32) g_rand_int_range (rand, 1, (gint32) next_id + 1);
      else
        id = next_id += (guint32) g_rand_int_range (rand, 1, 4);
      if (g_rand_boolean (rand))
        g_snprintf (text, sizeof text, "Task-%u", id);
      else
        g_snprintf (text, sizeof text, "name %u/%u", id, i);
      event.kind = g_rand_boolean (rand) ? LS_TRACE_TASK_CREATED : LS_TRACE_THREAD_STARTED;
      event.subject = id;
      event.text = ls_trace_intern (trace, text);
      event.time = time;
      ls_trace_append (trace, &event);
      g_hash_table_insert (expected, GUINT_TO_POINTER (id), g_strdup (text));
    }
  for (guint32 id = 0; id <= next_id + 1; id++)
    {
      const char *text = g_hash_table_lookup (expected, GUINT_TO_POINTER (id));

      g_assert_cmpstr (ls_trace_get_entity_name (trace, id), ==, text != NULL ? text : "");
    }
}

/* A record that names its subject through the inline short path
 * (ls_trace_append_short_naming, as ls-tracelib.c writes a task's
 * creation, the kind a constant) stores the bytes ls_trace_append
 * stores, chunk for chunk, and the names the records give: first names, the name
 * table grown, ids that come again or late (the general way), among
 * records of other kinds and new times. */
static guint32
append_naming_inline (LsTrace            *trace,
                      const LsTraceEvent *event)
{
  if (!ls_trace_short_path_open (trace, event->time, event->thread))
    return ls_trace_append (trace, event);
  if (event->kind == LS_TRACE_TASK_CREATED)
    return ls_trace_append_short_naming (trace, LS_TRACE_TASK_CREATED, event->subject, event->object, event->arg,
                                         event->text, event->line);
  g_assert_cmpuint (event->kind, ==, LS_TRACE_THREAD_STARTED);
  return ls_trace_append_short_naming (trace, LS_TRACE_THREAD_STARTED, event->subject, event->object, event->arg,
                                       event->text, event->line);
}

static void
test_append_naming_inline (void)
{
  g_autoptr(LsTrace) plain = ls_trace_new ();
  g_autoptr(LsTrace) inlined = ls_trace_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (31);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (LsTraceEvent));
  LsTraceEvent before = { 0 };
  guint32 next_id = 1, max_named = 0;
  guint n_short = 0;

  for (gsize i = 0; i < 200000; i++)
    {
      LsTraceEvent event;
      char text[32];

      random_event (rand, &before, &event);
      if (g_rand_int_range (rand, 0, 4) != 0)
        {
          event.time = before.time;
          event.thread = before.thread;
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          event.kind = g_rand_boolean (rand) ? LS_TRACE_TASK_CREATED : LS_TRACE_THREAD_STARTED;
          /* new ids mostly, now and then an earlier one again */
          if (g_rand_int_range (rand, 0, 6) == 0)
            event.subject = (guint32) g_rand_int_range (rand, 1, (gint32) next_id + 1);
          else
            event.subject = next_id += (guint32) g_rand_int_range (rand, 1, 4);
          if (g_rand_boolean (rand))
            g_snprintf (text, sizeof text, "Task-%u", event.subject);
          else
            g_snprintf (text, sizeof text, "name %u/%" G_GSIZE_FORMAT, event.subject, i);
          event.text = ls_trace_intern (plain, text);
          g_assert_cmpuint (ls_trace_intern (inlined, text), ==, event.text);
          max_named = MAX (max_named, event.subject);
          g_hash_table_insert (expected, GUINT_TO_POINTER (event.subject), g_strdup (text));
          if (ls_trace_short_path_open (inlined, event.time, event.thread))
            n_short++;
          g_assert_cmpuint (append_naming_inline (inlined, &event), ==, i);
        }
      else
        {
          /* names only from the records above, whose texts are strings */
          if (event.kind == LS_TRACE_TASK_CREATED || event.kind == LS_TRACE_THREAD_STARTED)
            event.kind = LS_TRACE_CALLBACK_RUN;
          g_assert_cmpuint (ls_trace_append (inlined, &event), ==, i);
        }
      g_assert_cmpuint (ls_trace_append (plain, &event), ==, i);
      g_array_append_val (events, event);
      before = event;
    }
  g_assert_cmpuint (n_short, >, 20000);
  assert_forward (inlined, events);
  assert_same_chunks (inlined, plain);
  /* the names against the records' texts (ls-trace.c's own naming path
   * is the same inline function, so the plain trace is no witness) */
  for (guint32 id = 0; id <= max_named + 1; id++)
    {
      const char *text = g_hash_table_lookup (expected, GUINT_TO_POINTER (id));

      g_assert_cmpstr (ls_trace_get_entity_name (inlined, id), ==, text != NULL ? text : "");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trace/round-trip-random", test_round_trip_random);
  g_test_add_func ("/trace/random-access", test_random_access);
  g_test_add_func ("/trace/cursors", test_cursors);
  g_test_add_func ("/trace/read-while-appending", test_read_while_appending);
  g_test_add_func ("/trace/edge-cases", test_edge_cases);
  g_test_add_func ("/trace/compact", test_compact);
  g_test_add_func ("/trace/append-subject", test_append_subject);
  g_test_add_func ("/trace/append-inline", test_append_inline);
  g_test_add_func ("/trace/append-pair", test_append_pair);
  g_test_add_func ("/trace/deadline-memo", test_deadline_memo);
  g_test_add_func ("/trace/short-path-boundaries", test_short_path_boundaries);
  g_test_add_func ("/trace/entity-names", test_entity_names);
  g_test_add_func ("/trace/append-naming-inline", test_append_naming_inline);
  return g_test_run ();
}
