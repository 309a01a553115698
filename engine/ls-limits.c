/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-limits.c — the limits' names, options and parsing.  Where each limit
 * is checked: ls-vm.c (ls_vm_check_fuel and the stop), ls-sched.c (time),
 * ls-tracelib.c (events), ls-object.c (memory).
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ls-limits.h"

G_DEFINE_QUARK (ls-limit-error-quark, ls_limit_error)

static const struct
{
  LsLimitKind kind;
  const char *name;
  const char *option;
} limit_info[] = {
  { LS_LIMIT_INSTRUCTIONS, "instruction limit", "--max-instructions" },
  { LS_LIMIT_TIME, "time limit", "--max-time" },
  { LS_LIMIT_EVENTS, "event limit", "--max-events" },
  { LS_LIMIT_MEMORY, "memory limit", "--max-memory" },
  { LS_LIMIT_SOURCE, "source size limit", "--max-source" },
};

void
ls_limits_init (LsLimits *limits)
{
  limits->max_instructions = LS_LIMITS_DEFAULT_INSTRUCTIONS;
  limits->max_time = LS_LIMITS_DEFAULT_TIME;
  limits->max_events = LS_LIMITS_DEFAULT_EVENTS;
  limits->max_memory = LS_LIMITS_DEFAULT_MEMORY;
  limits->max_source = LS_LIMITS_DEFAULT_SOURCE;
}

const char *
ls_limit_kind_get_name (LsLimitKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (limit_info); i++)
    if (limit_info[i].kind == kind)
      return limit_info[i].name;
  return kind == LS_LIMIT_STOPPED ? "stop request" : "no limit";
}

const char *
ls_limit_kind_get_option (LsLimitKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (limit_info); i++)
    if (limit_info[i].kind == kind)
      return limit_info[i].option;
  return NULL;
}

static LsLimitKind
kind_for_option (const char *option)
{
  for (guint i = 0; i < G_N_ELEMENTS (limit_info); i++)
    if (strcmp (limit_info[i].option, option) == 0)
      return limit_info[i].kind;
  return LS_LIMIT_NONE;
}

gboolean
ls_limits_is_option (const char *option)
{
  return kind_for_option (option) != LS_LIMIT_NONE;
}

/* A non-negative finite number, with a K/M/G (binary) suffix when
 * `with_suffix`.  Written out by hand because strtod alone takes "inf",
 * "nan", hex floats and leading spaces. */
static gboolean
parse_number (const char *text,
              gboolean    with_suffix,
              double     *out)
{
  const char *p = text;
  char *end;
  double value, scale = 1;

  if (*p == '\0' || !(g_ascii_isdigit (*p) || *p == '.'))
    return FALSE;
  for (; *p != '\0'; p++)
    if (!(g_ascii_isdigit (*p) || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
      break;
  if (*p != '\0')
    {
      if (!with_suffix || p[1] != '\0')
        return FALSE;
      switch (g_ascii_toupper (*p))
        {
        case 'K': scale = 1024.0; break;
        case 'M': scale = 1024.0 * 1024.0; break;
        case 'G': scale = 1024.0 * 1024.0 * 1024.0; break;
        default: return FALSE;
        }
    }
  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (errno != 0 || end != p || !isfinite (value) || value < 0)
    return FALSE;
  *out = value * scale;
  return isfinite (*out);
}

gboolean
ls_limits_parse_option (LsLimits    *limits,
                        const char  *option,
                        const char  *value,
                        GError     **error)
{
  LsLimitKind kind = kind_for_option (option);
  gboolean bytes = kind == LS_LIMIT_MEMORY || kind == LS_LIMIT_SOURCE;
  double number = 0;
  guint64 count;

  g_return_val_if_fail (kind != LS_LIMIT_NONE, FALSE);

  if (strcmp (value, "none") != 0 && !parse_number (value, bytes, &number))
    {
      g_set_error (error, LS_LIMIT_ERROR, kind,
                   kind == LS_LIMIT_TIME ? "%s takes a number of seconds, not '%s'"
                   : bytes ? "%s takes a number of bytes (with K, M or G), not '%s'"
                   : "%s takes a count, not '%s'",
                   option, value);
      return FALSE;
    }
  /* counts saturate rather than wrap (2^64 itself does not fit) */
  count = number >= 18446744073709551616.0 ? G_MAXUINT64 : (guint64) floor (number);
  switch (kind)
    {
    case LS_LIMIT_INSTRUCTIONS:
      limits->max_instructions = count;
      break;
    case LS_LIMIT_TIME:
      limits->max_time = number;
      break;
    case LS_LIMIT_EVENTS:
      limits->max_events = count;
      break;
    case LS_LIMIT_MEMORY:
      limits->max_memory = count;
      break;
    case LS_LIMIT_SOURCE:
      limits->max_source = count;
      break;
    case LS_LIMIT_NONE:
    case LS_LIMIT_STOPPED:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

gboolean
ls_limits_check_source (const LsLimits *limits,
                        const char     *filename,
                        gsize           len,
                        GError        **error)
{
  if (limits->max_source == 0 || len <= limits->max_source)
    return TRUE;
  g_set_error (error, LS_LIMIT_ERROR, LS_LIMIT_SOURCE,
               "%s has %" G_GSIZE_FORMAT " bytes of source, more than %" G_GUINT64_FORMAT
               " (source size limit; raise it with --max-source)",
               filename, len, limits->max_source);
  return FALSE;
}
