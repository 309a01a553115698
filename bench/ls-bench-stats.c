/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-bench-stats.c — clocks and statistics for the frame benchmarks.
 */
#define G_LOG_DOMAIN "loopscope-bench"

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "ls-bench-stats.h"

double
ls_bench_cpu_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double
ls_bench_wall_now_ms (void)
{
  return g_get_monotonic_time () / 1e3;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
ls_bench_median (double *values,
                 guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double
ls_bench_minimum (const double *values,
                  guint         n)
{
  double m = values[0];

  for (guint i = 1; i < n; i++)
    m = MIN (m, values[i]);
  return m;
}

double
ls_bench_maximum (const double *values,
                  guint         n)
{
  double m = 0;

  for (guint i = 0; i < n; i++)
    m = MAX (m, values[i]);
  return m;
}
