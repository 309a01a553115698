/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-bench-stats.h — clocks and statistics the frame benchmarks share
 * (painter-bench, view-bench).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The process's CPU time in ms: on a loaded machine wall time also
 * counts the time other processes had the core. */
double ls_bench_cpu_now_ms  (void);
double ls_bench_wall_now_ms (void);
/* Sorts `values`. */
double ls_bench_median      (double *values, guint n);
double ls_bench_minimum     (const double *values, guint n);
double ls_bench_maximum     (const double *values, guint n);

G_END_DECLS
