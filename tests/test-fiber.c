/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-fiber.c — user-space context switches (engine/ls-fiber.h).
 *
 * Built twice: against the engine (the switch this machine uses) and with
 * -DLS_FIBER_USE_UCONTEXT (the portable fallback), so both stay tested.
 */

#define G_LOG_DOMAIN "loopscope-test"

#include <string.h>

#include <glib.h>

#include "../engine/ls-fiber.h"

/* --- ping-pong between the OS thread's stack and a fiber ------------------- */

typedef struct
{
  LsFiber *native;
  LsFiber *fiber;
  GString *log;
  int      rounds;
} PingPong;

static void
ping_pong_body (gpointer data)
{
  PingPong *pp = data;

  for (int i = 0; i < pp->rounds; i++)
    {
      g_string_append_printf (pp->log, "f%d ", i);
      ls_fiber_switch (pp->fiber, pp->native);
    }
  g_string_append (pp->log, "end");
  ls_fiber_exit (pp->fiber, pp->native);
}

static void
test_fiber_ping_pong (void)
{
  PingPong pp = { ls_fiber_new_native (), NULL, g_string_new (NULL), 3 };
  g_autoptr(GError) error = NULL;

  pp.fiber = ls_fiber_new (ping_pong_body, &pp, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pp.fiber);
  for (int i = 0; i <= pp.rounds; i++)
    {
      g_string_append_printf (pp.log, "n%d ", i);
      ls_fiber_switch (pp.native, pp.fiber);
    }
  g_assert_cmpstr (pp.log->str, ==, "n0 f0 n1 f1 n2 f2 n3 end");
  ls_fiber_free (pp.fiber);
  ls_fiber_free (pp.native);
  g_string_free (pp.log, TRUE);
}

/* --- several fibers, round-robin, values live across switches ------------- */

#define N_RING 5
#define RING_TURNS 1000

typedef struct
{
  LsFiber *native;
  LsFiber *fibers[N_RING];
  double   sums[N_RING];
  guint64  products[N_RING];
} Ring;

typedef struct
{
  Ring *ring;
  int   index;
} RingMember;

static LsFiber *
ring_next (Ring *ring, int index)
{
  return index + 1 < N_RING ? ring->fibers[index + 1] : ring->fibers[0];
}

/* Many locals live across each switch, in integer and floating-point
 * registers: the switch must keep what the calling convention says a call
 * keeps. */
static void
ring_body (gpointer data)
{
  RingMember *member = data;
  Ring *ring = member->ring;
  double a = member->index + 0.5, b = 1.0, c = 0.25 * member->index;
  guint64 x = (guint64) member->index + 1, y = 7, z = 13;

  for (int turn = 0; turn < RING_TURNS; turn++)
    {
      a += 1.0;
      b *= 1.000001;
      c -= 0.5;
      x = x * 31 + (guint64) turn;
      y ^= x >> 3;
      z += y;
      ls_fiber_switch (ring->fibers[member->index], ring_next (ring, member->index));
    }
  ring->sums[member->index] = a + b + c;
  ring->products[member->index] = x ^ y ^ z;
  /* the last one home wakes the native context */
  ls_fiber_exit (ring->fibers[member->index],
                 member->index + 1 < N_RING ? ring_next (ring, member->index) : ring->native);
}

static void
test_fiber_ring (void)
{
  Ring ring = { ls_fiber_new_native (), { NULL }, { 0 }, { 0 } };
  RingMember members[N_RING];

  for (int i = 0; i < N_RING; i++)
    {
      members[i] = (RingMember) { &ring, i };
      ring.fibers[i] = ls_fiber_new (ring_body, &members[i], NULL);
      g_assert_nonnull (ring.fibers[i]);
    }
  ls_fiber_switch (ring.native, ring.fibers[0]);
  for (int i = 0; i < N_RING; i++)
    {
      double a = i + 0.5, b = 1.0, c = 0.25 * i;
      guint64 x = (guint64) i + 1, y = 7, z = 13;

      for (int turn = 0; turn < RING_TURNS; turn++)
        {
          a += 1.0;
          b *= 1.000001;
          c -= 0.5;
          x = x * 31 + (guint64) turn;
          y ^= x >> 3;
          z += y;
        }
      g_assert_cmpfloat (ring.sums[i], ==, a + b + c);
      g_assert_cmpuint (ring.products[i], ==, x ^ y ^ z);
      ls_fiber_free (ring.fibers[i]);
    }
  ls_fiber_free (ring.native);
}

/* --- a stack of the system's thread size, aligned, reused ----------------- */

typedef struct
{
  LsFiber *native;
  LsFiber *fiber;
  int      depth;
  gboolean aligned;
  char     formatted[64];
} DeepCall;

/* ~1 KB a level: deep enough to need far more than one page */
static int
recurse (int depth)
{
  volatile unsigned char buffer[1000];

  memset ((unsigned char *) buffer, depth & 0xff, sizeof buffer);
  if (depth == 0)
    return buffer[10];
  return recurse (depth - 1) + buffer[999] - (depth & 0xff) + 1;
}

static void
deep_body (gpointer data)
{
  DeepCall *call = data;
  _Alignas (16) char aligned[16];

  /* a misaligned stack breaks SSE spills in printf's float formatting */
  call->aligned = ((guintptr) aligned % 16) == 0;
  g_snprintf (call->formatted, sizeof call->formatted, "%.3f %g", 3.14159, 1e-300);
  call->depth = recurse (1000);
  ls_fiber_exit (call->fiber, call->native);
}

static void
test_fiber_stack (void)
{
  DeepCall call = { ls_fiber_new_native (), NULL, 0, FALSE, "" };

  g_assert_cmpuint (ls_fiber_get_stack_size (), >=, 256 * 1024);
  g_assert_cmpuint (ls_fiber_get_stack_size () % 4096, ==, 0);
  call.fiber = ls_fiber_new (deep_body, &call, NULL);
  for (int run = 0; run < 3; run++)
    {
      /* the same stack again, as the scheduler reuses a finished thread's */
      if (run > 0)
        ls_fiber_reset (call.fiber, deep_body, &call);
      call.depth = -1;
      call.aligned = FALSE;
      ls_fiber_switch (call.native, call.fiber);
      g_assert_cmpint (call.depth, ==, 1000);
      g_assert_true (call.aligned);
      g_assert_cmpstr (call.formatted, ==, "3.142 1e-300");
    }
  ls_fiber_free (call.fiber);
  ls_fiber_free (call.native);
}

/* --- a fiber resumed on another OS thread ---------------------------------- */

typedef struct
{
  LsFiber *native;
  LsFiber *fiber;
  int      step;
} Migrant;

static void
migrant_body (gpointer data)
{
  Migrant *m = data;

  m->step = 1;
  ls_fiber_switch (m->fiber, m->native);
  m->step = 2;
  ls_fiber_exit (m->fiber, m->native);
}

static gpointer
resume_elsewhere (gpointer data)
{
  Migrant *m = data;

  /* this OS thread's own stack is now the native context to return to */
  ls_fiber_switch (m->native, m->fiber);
  return NULL;
}

static void
test_fiber_other_thread (void)
{
  Migrant m = { ls_fiber_new_native (), NULL, 0 };
  GThread *thread;

  /* started here, finished on another OS thread: the app frees a VM (and
   * unwinds its blocked scenario threads) on its main thread */
  m.fiber = ls_fiber_new (migrant_body, &m, NULL);
  ls_fiber_switch (m.native, m.fiber);
  g_assert_cmpint (m.step, ==, 1);
  thread = g_thread_new ("fiber-test", resume_elsewhere, &m);
  g_thread_join (thread);
  g_assert_cmpint (m.step, ==, 2);
  ls_fiber_free (m.fiber);
  ls_fiber_free (m.native);
}

/* --- the backend ----------------------------------------------------------- */

static void
test_fiber_backend (void)
{
  const char *backend = ls_fiber_get_backend ();

#if defined(LS_FIBER_USE_UCONTEXT)
  g_assert_cmpstr (backend, ==, "ucontext");
#elif defined(__x86_64__)
  g_assert_true (g_str_equal (backend, "x86_64") || g_str_equal (backend, "ucontext"));
#elif defined(__aarch64__)
  g_assert_true (g_str_equal (backend, "aarch64") || g_str_equal (backend, "ucontext"));
#else
  g_assert_cmpstr (backend, ==, "ucontext");
#endif
  g_test_message ("switches with %s", backend);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fiber/backend", test_fiber_backend);
  g_test_add_func ("/fiber/ping-pong", test_fiber_ping_pong);
  g_test_add_func ("/fiber/ring", test_fiber_ring);
  g_test_add_func ("/fiber/stack", test_fiber_stack);
  g_test_add_func ("/fiber/other-thread", test_fiber_other_thread);

  return g_test_run ();
}
