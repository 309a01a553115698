/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-timelib.c — the `time` module on the virtual clock.
 *
 * Every clock reads vm->now (seconds since the simulated epoch, which
 * starts at 0.0), so a program sees the same times on every run; local
 * time is UTC, as the oracle runs CPython with TZ=UTC.  Calendar
 * conversions and strftime are done here, in the C locale, rather than
 * by the C library, so that no host setting leaks in.
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-sched.h"
#include "ls-threadlib.h"

#include <math.h>
#include <string.h>

#include "ls-builtins.h"

#include "ls-auxlib.h"
#include "ls-class.h"
#include "ls-exception.h"
#include "ls-ops.h"
#include "ls-tuple.h"
#include "ls-vm.h"

#define NATIVE(fname) \
  static gboolean fname (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)

/* struct_time is a 9-tuple of class time.struct_time; this header flag
 * says it came from localtime() (zone "UTC") rather than gmtime() ("GMT"),
 * as glibc names them. */
#define STRUCT_TIME_LOCAL 0x0200

enum { F_YEAR, F_MON, F_MDAY, F_HOUR, F_MIN, F_SEC, F_WDAY, F_YDAY, F_ISDST, N_FIELDS };

static const char *const field_names[N_FIELDS] = {
  "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
};

static const char *const day_abbr[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const day_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
static const char *const month_abbr[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
  "November", "December",
};

/* ---- clocks ------------------------------------------------------------ */

static gboolean
no_args (LsVM *vm, const char *fname, guint n_args, LsTuple *kwnames)
{
  return ls_aux_no_kwargs (vm, fname, kwnames) && ls_aux_arity (vm, fname, n_args, 0, 0);
}

/* time(), monotonic(), perf_counter(), process_time(), thread_time():
 * all the virtual clock, as the oracle defines them. */
NATIVE (time_time)
{
  (void) args;
  if (!no_args (vm, "time", n_args, kwnames))
    return FALSE;
  *result = ls_float (vm->now);
  return TRUE;
}

NATIVE (time_time_ns)
{
  (void) args;
  if (!no_args (vm, "time_ns", n_args, kwnames))
    return FALSE;
  *result = ls_int ((gint64) (vm->now * 1000000000.0));
  return TRUE;
}

/* A number of seconds: what CPython's _PyTime_FromSecondsObject accepts. */
static gboolean
seconds_arg (LsVM *vm, LsValue v, double *out)
{
  if (ls_is_float (v))
    *out = v.f;
  else if (ls_is_intlike (v))
    *out = (double) ls_as_int (v);
  else
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "'%s' object cannot be interpreted as an integer",
                     ls_type_name (vm, v));
  return TRUE;
}

/* sleep() blocks the calling thread in virtual time: other threads run
 * meanwhile, and on the loop's thread no task or callback does (DESIGN.md,
 * rules 3 and 4). */
NATIVE (time_sleep)
{
  double seconds = 0.0;
  LsBlockResult status;

  if (!ls_aux_no_kwargs (vm, "sleep", kwnames) || !ls_aux_arity (vm, "sleep", n_args, 1, 1)
      || !seconds_arg (vm, args[0], &seconds))
    return FALSE;
  if (isnan (seconds))
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "Invalid value NaN (not a number)");
  if (seconds < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "sleep length must be non-negative");
  *result = LS_NONE;
  ls_sched_set_sleeping (vm->sched, TRUE);
  status = ls_sched_block (vm->sched, vm->now + seconds, LS_WAKE_THREAD);
  ls_sched_set_sleeping (vm->sched, FALSE);
  if (status == LS_BLOCK_ABORTED)
    return ls_raise_aborted (vm);
  return TRUE;
}

/* ---- the calendar ------------------------------------------------------- */

static gint64
floor_div (gint64 a, gint64 b)
{
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

static gint64
floor_mod (gint64 a, gint64 b)
{
  return a - floor_div (a, b) * b;
}

static gboolean
is_leap (gint64 year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
 * civil_from_days). */
static void
civil_from_days (gint64 days, gint64 *year, gint64 *month, gint64 *day)
{
  gint64 z = days + 719468;
  gint64 era = floor_div (z, 146097);
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;

  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = yoe + era * 400 + (*month <= 2);
}

static gint64
day_of_year (gint64 year, gint64 month, gint64 day)
{
  static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

  return before[month - 1] + day + (month > 2 && is_leap (year));
}

static LsClass *
struct_time_class (LsVM *vm)
{
  LsValue module = ls_dict_get_str (vm->modules, ls_str_intern_cstr (vm, "time"));
  LsValue cls = ls_is_kind (module, LS_KIND_MODULE)
                ? ls_dict_get_str (((LsModule *) module.o)->dict, ls_str_intern_cstr (vm, "struct_time"))
                : LS_UNBOUND;

  return ls_is_kind (cls, LS_KIND_CLASS) ? (LsClass *) cls.o : vm->types[LS_TYPE_TUPLE];
}

static LsTuple *
struct_time_new (LsVM *vm, gint64 seconds, gboolean local)
{
  LsTuple *t = ls_tuple_new (vm, N_FIELDS);
  gint64 days = floor_div (seconds, 86400), rest = seconds - days * 86400;
  gint64 year, month, day;

  civil_from_days (days, &year, &month, &day);
  t->header.cls = struct_time_class (vm);
  t->header.flags |= local ? STRUCT_TIME_LOCAL : 0;
  t->items[F_YEAR] = ls_int (year);
  t->items[F_MON] = ls_int (month);
  t->items[F_MDAY] = ls_int (day);
  t->items[F_HOUR] = ls_int (rest / 3600);
  t->items[F_MIN] = ls_int (rest / 60 % 60);
  t->items[F_SEC] = ls_int (rest % 60);
  t->items[F_WDAY] = ls_int (floor_mod (days + 3, 7));   /* 1970-01-01 was a Thursday */
  t->items[F_YDAY] = ls_int (day_of_year (year, month, day));
  t->items[F_ISDST] = ls_int (0);
  return t;
}

/* gmtime([secs]) / localtime([secs]): floor of the seconds, None = now. */
static gboolean
broken_down (LsVM *vm, const char *fname, const LsValue *args, guint n_args, LsTuple *kwnames,
             gboolean local, LsValue *result)
{
  double seconds = vm->now;

  if (!ls_aux_no_kwargs (vm, fname, kwnames) || !ls_aux_arity (vm, fname, n_args, 0, 1))
    return FALSE;
  if (n_args == 1 && !ls_is_none (args[0]) && !seconds_arg (vm, args[0], &seconds))
    return FALSE;
  if (!isfinite (seconds) || fabs (seconds) > 1e15)
    return ls_raise (vm, LS_EXC_OVERFLOW_ERROR, "timestamp out of range for platform time_t");
  *result = ls_obj (struct_time_new (vm, (gint64) floor (seconds), local));
  return TRUE;
}

NATIVE (time_gmtime) { return broken_down (vm, "gmtime", args, n_args, kwnames, FALSE, result); }
NATIVE (time_localtime) { return broken_down (vm, "localtime", args, n_args, kwnames, TRUE, result); }

/* ---- strftime ------------------------------------------------------------ */

typedef struct
{
  gint64      f[N_FIELDS];
  const char *zone;
} Tm;

static const struct
{
  int         field;
  gint64      min, max;
  const char *message;
} field_ranges[] = {
  { F_MON, 1, 12, "month out of range" },
  { F_MDAY, 1, 31, "day of month out of range" },
  { F_HOUR, 0, 23, "hour out of range" },
  { F_MIN, 0, 59, "minute out of range" },
  { F_SEC, 0, 61, "seconds out of range" },
  { F_WDAY, 0, 6, "day of week out of range" },
  { F_YDAY, 1, 366, "day of year out of range" },
};

/* gettmarg + checktm: a 9-tuple of ints with CPython's range checks (a
 * zero month, day or yday means the first, as CPython allows). */
static gboolean
tm_from_value (LsVM *vm, LsValue v, Tm *tm)
{
  LsTuple *t = ls_value_tuple (v);

  if (t == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Tuple or struct_time argument required");
  if (t->len != N_FIELDS)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "time.struct_time() takes a sequence of length 9");
  for (int i = 0; i < N_FIELDS; i++)
    if (!ls_aux_index (vm, t->items[i], &tm->f[i]))
      return FALSE;
  tm->zone = (t->header.flags & STRUCT_TIME_LOCAL) || t->header.cls != struct_time_class (vm) ? "UTC" : "GMT";
  if (tm->f[F_MON] == 0)
    tm->f[F_MON] = 1;
  if (tm->f[F_MDAY] == 0)
    tm->f[F_MDAY] = 1;
  if (tm->f[F_YDAY] == 0)
    tm->f[F_YDAY] = 1;
  if (tm->f[F_WDAY] < 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "day of week out of range");
  tm->f[F_WDAY] %= 7;
  for (gsize i = 0; i < G_N_ELEMENTS (field_ranges); i++)
    if (tm->f[field_ranges[i].field] < field_ranges[i].min || tm->f[field_ranges[i].field] > field_ranges[i].max)
      return ls_raise (vm, LS_EXC_VALUE_ERROR, "%s", field_ranges[i].message);
  return TRUE;
}

static gint64
iso_weeks_in (gint64 year)
{
  gint64 p = floor_mod (year + floor_div (year, 4) - floor_div (year, 100) + floor_div (year, 400), 7);
  gint64 q = floor_mod ((year - 1) + floor_div (year - 1, 4) - floor_div (year - 1, 100) + floor_div (year - 1, 400), 7);

  return p == 4 || q == 3 ? 53 : 52;
}

/* ISO 8601 year and week of a date, for %G %g %V. */
static void
iso_week (const Tm *tm, gint64 *year, gint64 *week)
{
  *year = tm->f[F_YEAR];
  *week = floor_div (tm->f[F_YDAY] - (tm->f[F_WDAY] + 1) + 10, 7);
  if (*week < 1)
    {
      *year -= 1;
      *week = iso_weeks_in (*year);
    }
  else if (*week > iso_weeks_in (*year))
    {
      *year += 1;
      *week = 1;
    }
}

static void format_tm (GString *out, const char *format, const Tm *tm);

/* One conversion of glibc's strftime in the C locale; FALSE when the
 * letter is unknown (glibc then copies it through). */
static gboolean
format_one (GString *out, char c, const Tm *tm)
{
  gint64 hour12 = tm->f[F_HOUR] % 12 == 0 ? 12 : tm->f[F_HOUR] % 12;
  gint64 sunday_wday = (tm->f[F_WDAY] + 1) % 7, iso_year, week;

  switch (c)
    {
    case 'a': g_string_append (out, day_abbr[tm->f[F_WDAY]]); break;
    case 'A': g_string_append (out, day_names[tm->f[F_WDAY]]); break;
    case 'b': case 'h': g_string_append (out, month_abbr[tm->f[F_MON] - 1]); break;
    case 'B': g_string_append (out, month_names[tm->f[F_MON] - 1]); break;
    case 'c': format_tm (out, "%a %b %e %H:%M:%S %Y", tm); break;
    case 'C': g_string_append_printf (out, "%02" G_GINT64_FORMAT, floor_div (tm->f[F_YEAR], 100)); break;
    case 'd': g_string_append_printf (out, "%02" G_GINT64_FORMAT, tm->f[F_MDAY]); break;
    case 'D': case 'x': format_tm (out, "%m/%d/%y", tm); break;
    case 'e': g_string_append_printf (out, "%2" G_GINT64_FORMAT, tm->f[F_MDAY]); break;
    case 'F': format_tm (out, "%Y-%m-%d", tm); break;
    case 'H': g_string_append_printf (out, "%02" G_GINT64_FORMAT, tm->f[F_HOUR]); break;
    case 'I': g_string_append_printf (out, "%02" G_GINT64_FORMAT, hour12); break;
    case 'j': g_string_append_printf (out, "%03" G_GINT64_FORMAT, tm->f[F_YDAY]); break;
    case 'm': g_string_append_printf (out, "%02" G_GINT64_FORMAT, tm->f[F_MON]); break;
    case 'M': g_string_append_printf (out, "%02" G_GINT64_FORMAT, tm->f[F_MIN]); break;
    case 'n': g_string_append_c (out, '\n'); break;
    case 'p': g_string_append (out, tm->f[F_HOUR] < 12 ? "AM" : "PM"); break;
    case 'r': format_tm (out, "%I:%M:%S %p", tm); break;
    case 'R': format_tm (out, "%H:%M", tm); break;
    case 'S': g_string_append_printf (out, "%02" G_GINT64_FORMAT, tm->f[F_SEC]); break;
    case 't': g_string_append_c (out, '\t'); break;
    case 'T': case 'X': format_tm (out, "%H:%M:%S", tm); break;
    case 'u': g_string_append_printf (out, "%" G_GINT64_FORMAT, tm->f[F_WDAY] + 1); break;
    case 'U': g_string_append_printf (out, "%02" G_GINT64_FORMAT, (tm->f[F_YDAY] - 1 + 7 - sunday_wday) / 7); break;
    case 'w': g_string_append_printf (out, "%" G_GINT64_FORMAT, sunday_wday); break;
    case 'W': g_string_append_printf (out, "%02" G_GINT64_FORMAT, (tm->f[F_YDAY] - 1 + 7 - tm->f[F_WDAY]) / 7); break;
    case 'y': g_string_append_printf (out, "%02" G_GINT64_FORMAT, floor_mod (tm->f[F_YEAR], 100)); break;
    case 'Y': g_string_append_printf (out, "%" G_GINT64_FORMAT, tm->f[F_YEAR]); break;
    case 'z': g_string_append (out, "+0000"); break;
    case 'Z': g_string_append (out, tm->zone); break;
    case '%': g_string_append_c (out, '%'); break;
    case 'G': case 'g': case 'V':
      iso_week (tm, &iso_year, &week);
      if (c == 'V')
        g_string_append_printf (out, "%02" G_GINT64_FORMAT, week);
      else if (c == 'g')
        g_string_append_printf (out, "%02" G_GINT64_FORMAT, floor_mod (iso_year, 100));
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, iso_year);
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

static void
format_tm (GString *out, const char *format, const Tm *tm)
{
  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (!format_one (out, *p, tm))
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, *p);
        }
    }
}

NATIVE (time_strftime)
{
  LsStr *format;
  LsValue t;
  Tm tm;
  GString *out;

  if (!ls_aux_no_kwargs (vm, "strftime", kwnames) || !ls_aux_arity (vm, "strftime", n_args, 1, 2))
    return FALSE;
  if ((format = ls_value_str (args[0])) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "strftime() argument 1 must be str, not %s", ls_type_name (vm, args[0]));
  t = n_args == 2 ? args[1] : ls_obj (struct_time_new (vm, (gint64) floor (vm->now), TRUE));
  if (!tm_from_value (vm, t, &tm))
    return FALSE;
  out = g_string_new (NULL);
  format_tm (out, format->data, &tm);
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

/* asctime([t]) and ctime([secs]): "Thu Jan  1 00:00:00 1970". */
NATIVE (time_asctime)
{
  LsValue t;
  Tm tm;
  GString *out;

  if (!ls_aux_no_kwargs (vm, "asctime", kwnames) || !ls_aux_arity (vm, "asctime", n_args, 0, 1))
    return FALSE;
  t = n_args == 1 ? args[0] : ls_obj (struct_time_new (vm, (gint64) floor (vm->now), TRUE));
  if (!tm_from_value (vm, t, &tm))
    return FALSE;
  out = g_string_new (NULL);
  format_tm (out, "%a %b %e %H:%M:%S %Y", &tm);
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

NATIVE (time_ctime)
{
  LsValue t;

  if (!broken_down (vm, "ctime", args, n_args, kwnames, TRUE, &t))
    return FALSE;
  return time_asctime (vm, &t, 1, NULL, result);
}

/* ---- struct_time --------------------------------------------------------- */

static gboolean
check_struct_time (LsVM *vm, const LsValue *args, guint n_args)
{
  if (n_args == 0 || !ls_is_kind (args[0], LS_KIND_TUPLE) || ((LsTuple *) args[0].o)->len != N_FIELDS)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor requires a 'time.struct_time' object");
  return TRUE;
}

NATIVE (struct_time_repr)
{
  LsTuple *self;
  GString *out;

  if (!check_struct_time (vm, args, n_args) || !ls_aux_no_kwargs (vm, "__repr__", kwnames))
    return FALSE;
  self = (LsTuple *) args[0].o;
  out = g_string_new ("time.struct_time(");
  for (int i = 0; i < N_FIELDS; i++)
    {
      g_string_append_printf (out, "%s%s=", i > 0 ? ", " : "", field_names[i]);
      if (!ls_repr_append (vm, self->items[i], out))
        {
          g_string_free (out, TRUE);
          return FALSE;
        }
    }
  g_string_append_c (out, ')');
  *result = ls_aux_gstring (vm, out);
  return TRUE;
}

/* struct_time((...)) from a 9-sequence. */
NATIVE (struct_time_new_native)
{
  LsValue list;
  LsTuple *t;

  if (!ls_aux_check_new (vm, "time.struct_time", args, n_args))
    return FALSE;
  if (!ls_aux_no_kwargs (vm, "struct_time", kwnames) || !ls_aux_arity (vm, "struct_time", n_args - 1, 1, 1)
      || !ls_iterate_to_list (vm, args[1], &list))
    return FALSE;
  if (((LsList *) list.o)->len != N_FIELDS)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "time.struct_time() takes a 9-sequence (%" G_GSIZE_FORMAT "-sequence given)",
                     ((LsList *) list.o)->len);
  t = ls_tuple_new_from (vm, ((LsList *) list.o)->items, N_FIELDS);
  t->header.cls = (LsClass *) args[0].o;
  *result = ls_obj (t);
  return TRUE;
}

#define FIELD_GETTER(fname, index) \
  NATIVE (fname) \
  { \
    (void) kwnames; \
    if (!check_struct_time (vm, args, n_args)) \
      return FALSE; \
    *result = ((LsTuple *) args[0].o)->items[index]; \
    return TRUE; \
  }

FIELD_GETTER (get_year, F_YEAR)
FIELD_GETTER (get_mon, F_MON)
FIELD_GETTER (get_mday, F_MDAY)
FIELD_GETTER (get_hour, F_HOUR)
FIELD_GETTER (get_min, F_MIN)
FIELD_GETTER (get_sec, F_SEC)
FIELD_GETTER (get_wday, F_WDAY)
FIELD_GETTER (get_yday, F_YDAY)
FIELD_GETTER (get_isdst, F_ISDST)

NATIVE (get_zone)
{
  (void) kwnames;
  if (!check_struct_time (vm, args, n_args))
    return FALSE;
  *result = ls_obj (ls_str_intern_cstr (vm, (args[0].o->flags & STRUCT_TIME_LOCAL) ? "UTC" : "GMT"));
  return TRUE;
}

NATIVE (get_gmtoff)
{
  (void) kwnames;
  if (!check_struct_time (vm, args, n_args))
    return FALSE;
  *result = ls_int (0);
  return TRUE;
}

static const LsNativeFunc field_getters[N_FIELDS] = {
  get_year, get_mon, get_mday, get_hour, get_min, get_sec, get_wday, get_yday, get_isdst,
};

static LsClass *
struct_time_class_new (LsVM *vm)
{
  LsClass *cls = ls_class_new (vm, "struct_time", vm->types[LS_TYPE_TUPLE], "time");

  cls->is_builtin = TRUE;
  ls_class_add_method (vm, cls, "__new__", (gpointer) struct_time_new_native);
  ls_class_add_method (vm, cls, "__repr__", (gpointer) struct_time_repr);
  for (int i = 0; i < N_FIELDS; i++)
    ls_aux_add_property (vm, cls, field_names[i], field_getters[i]);
  ls_aux_add_property (vm, cls, "tm_zone", get_zone);
  ls_aux_add_property (vm, cls, "tm_gmtoff", get_gmtoff);
  return cls;
}

/* ---- the module -------------------------------------------------------- */

static const LsAuxMethod functions[] = {
  { "time", time_time },
  { "monotonic", time_time },
  { "perf_counter", time_time },
  { "process_time", time_time },
  { "thread_time", time_time },
  { "time_ns", time_time_ns },
  { "monotonic_ns", time_time_ns },
  { "perf_counter_ns", time_time_ns },
  { "process_time_ns", time_time_ns },
  { "thread_time_ns", time_time_ns },
  { "sleep", time_sleep },
  { "gmtime", time_gmtime },
  { "localtime", time_localtime },
  { "strftime", time_strftime },
  { "asctime", time_asctime },
  { "ctime", time_ctime },
};

LsModule *
ls_module_time_new (LsVM *vm)
{
  LsModule *module = ls_module_new (vm, "time");

  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    ls_module_add_function (vm, module, functions[i].name, (gpointer) functions[i].func);
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "struct_time"), ls_obj (struct_time_class_new (vm)));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "timezone"), ls_int (0));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "altzone"), ls_int (0));
  ls_dict_set_str (vm, module->dict, ls_str_intern_cstr (vm, "daylight"), ls_int (0));
  return module;
}
