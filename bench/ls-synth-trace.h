/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-synth-trace.h — traces made without running a program, for the
 * painter's benchmark (bench/painter-bench.c) and its tests
 * (tests/test-timeline-painter.c).
 *
 * A million events from the real engine take seconds to record and change
 * whenever the engine does; these take a fraction of a second, are the
 * same on every machine, and emit the records in the order the engine
 * emits them for the same program (the loop's callbacks, task steps,
 * timers, idle waits, cancellations and timeouts).
 */
#pragma once

#include <glib.h>

#include "ls-trace.h"

G_BEGIN_DECLS

/* `n_tasks` tasks that each print and sleep `n_steps` times, 1 ms apart:
 * three records a step, no loop callbacks, no wake-ups. */
LsTrace *ls_synth_trace_busy   (guint n_tasks, guint n_steps);

/* A fan-out server under load, recorded as the engine records it: the
 * main task starts a wave of 50 workers every 20 ms and three heartbeat
 * tasks print every 5 ms; each worker sleeps 4–15 times for 1–40 ms
 * (now and then inside asyncio.timeout(), which expires about half the
 * time, or with a sleep(0)), prints now and then, and returns; the main
 * task cancels a waiting worker every few waves.  Once `n_events` records
 * are written no new wave starts, and the main task gathers what is left.
 * Deterministic for a given `seed`. */
LsTrace *ls_synth_trace_fanout (gsize n_events, guint32 seed);

G_END_DECLS
