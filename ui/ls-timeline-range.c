/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timeline-range.c — zooming and panning a range of virtual time.
 */
#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <math.h>

#include "ls-timeline-range.h"

LsTimeRange
ls_time_range_zoom (LsTimeRange range,
                    double      share,
                    double      factor)
{
  double span = range.to - range.from;
  double anchor = range.from + share * span;

  return (LsTimeRange) { anchor - share * span * factor, anchor + (1 - share) * span * factor };
}

LsTimeRange
ls_time_range_pan (LsTimeRange range,
                   double      fraction)
{
  double shift = fraction * (range.to - range.from);

  return (LsTimeRange) { range.from + shift, range.to + shift };
}

LsTimeRange
ls_time_range_clamp (LsTimeRange range,
                     double      end)
{
  double span = range.to - range.from;

  /* NAN spans fail the comparison below too: the whole run */
  if (end <= 0 || !(span < end))
    return (LsTimeRange) { NAN, NAN };
  span = MAX (span, LS_TIME_RANGE_MIN_SPAN);
  range.from = CLAMP (range.from, 0, end - span);
  range.to = range.from + span;
  return range;
}
