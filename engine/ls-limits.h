/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-limits.h — the bounds an untrusted scenario runs within.
 *
 * A scenario is untrusted input (DESIGN.md, "Safe"): an endless loop, a
 * clock that runs forever, a trace that never stops growing or a heap that
 * never stops growing must end in a clear error at the scenario's line,
 * never in a hang or a crash.  The VM holds one LsLimits (ls_vm_set_limits)
 * and checks it cheaply:
 *
 *   instructions  counted in the interpreter at backward jumps and calls,
 *                 and per item where natives iterate; the count starts over
 *                 whenever the scenario lets the event loop or another
 *                 thread run (a task step ends, a callback returns, a thread
 *                 blocks), so it bounds a stretch of work without an await:
 *                 the endless `while True:` that freezes a real event loop;
 *   time          checked where the scheduler moves the virtual clock;
 *   events        checked as the trace grows;
 *   memory        the collector's byte count: past it, a collection, then
 *                 MemoryError raised in the scenario (which may catch it);
 *   source        checked before parsing (ls_limits_check_source).
 *
 * The first three stop the run (the command line exits with status 4), but
 * they are resumable: the VM first calls the limit handler
 * (ls_vm_set_limit_handler) at the point where the limit was reached, with
 * the VM paused in a consistent state; a handler that raises the bound in
 * *limits and returns TRUE lets the run go on exactly where it was, as if
 * the bound had been higher from the start.  That is how the app offers
 * "Continue" (its handler waits for the user on the engine's thread).  A
 * stopped run cannot be caught by the scenario: its frames unwind without
 * running `except` or `finally` blocks.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LS_LIMIT_NONE,
  LS_LIMIT_INSTRUCTIONS,  /* instructions without an await or a blocking call */
  LS_LIMIT_TIME,          /* virtual seconds */
  LS_LIMIT_EVENTS,        /* trace events */
  LS_LIMIT_MEMORY,        /* heap bytes (raises MemoryError, never stops the run) */
  LS_LIMIT_SOURCE,        /* bytes of source (refused before the run) */
  LS_LIMIT_STOPPED,       /* the embedder asked the run to stop (ls_vm_request_stop) */
} LsLimitKind;

/* 0 means "no limit" for every field. */
typedef struct
{
  guint64 max_instructions;
  double  max_time;
  guint64 max_events;
  guint64 max_memory;
  guint64 max_source;
} LsLimits;

/* Generous enough for every test and example; the fuzzers use far less. */
#define LS_LIMITS_DEFAULT_INSTRUCTIONS G_GUINT64_CONSTANT (100000000)
#define LS_LIMITS_DEFAULT_TIME         1e6
#define LS_LIMITS_DEFAULT_EVENTS       G_GUINT64_CONSTANT (50000000)
#define LS_LIMITS_DEFAULT_MEMORY       (G_GUINT64_CONSTANT (2) << 30)
#define LS_LIMITS_DEFAULT_SOURCE       (G_GUINT64_CONSTANT (1) << 20)

#define LS_LIMIT_ERROR (ls_limit_error_quark ())
/* Errors of LS_LIMIT_ERROR carry the LsLimitKind as their code. */
GQuark       ls_limit_error_quark    (void);

/* The defaults above. */
void         ls_limits_init          (LsLimits       *limits);

/* "instruction limit", "time limit", ... */
const char  *ls_limit_kind_get_name   (LsLimitKind    kind);
/* The command-line option that sets the limit: "--max-instructions", ...;
 * NULL for LS_LIMIT_NONE and LS_LIMIT_STOPPED. */
const char  *ls_limit_kind_get_option (LsLimitKind    kind);

/* TRUE when `option` ("--max-time") names a limit. */
gboolean     ls_limits_is_option     (const char     *option);
/* Sets the limit `option` names from `value`: a count ("100000", "1e8"),
 * seconds for --max-time, bytes with an optional K, M or G suffix for
 * --max-memory and --max-source; "0" or "none" turns it off.  FALSE with
 * a one-line message in *error when `value` is not one of these. */
gboolean     ls_limits_parse_option  (LsLimits       *limits,
                                      const char     *option,
                                      const char     *value,
                                      GError        **error);

/* FALSE with an LS_LIMIT_ERROR (LS_LIMIT_SOURCE) when a source of `len`
 * bytes is past the source size limit. */
gboolean     ls_limits_check_source  (const LsLimits *limits,
                                      const char     *filename,
                                      gsize           len,
                                      GError        **error);

G_END_DECLS
