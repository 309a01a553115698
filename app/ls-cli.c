/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-cli.c — `loopscope run FILE.py [options]`, the headless front door.
 *
 * Standard output carries exactly what the program prints; everything
 * Loopscope itself has to say goes to standard error, so the output can be
 * compared byte for byte with CPython's.
 */
#define G_LOG_DOMAIN "loopscope"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ls-cli.h"
#include "ls-chunk-reserve.h"
#include "ls-export.h"
#include "ls-exception.h"
#include "ls-ops.h"
#include "ls-syntax-error.h"
#include "ls-trace.h"
#include "ls-vm.h"

enum
{
  EXIT_OK = 0,
  EXIT_EXCEPTION = 1,
  EXIT_USAGE = 2,
  EXIT_DEADLOCK = 3,
  EXIT_LIMIT = 4,
};

typedef struct
{
  const char *trace_json;
  gboolean stats;
  gboolean timestamps;
  gboolean quiet;
  LsVM    *vm;
  gboolean at_line_start;
  /* the diagrams: --svg, --png, --pdf by LsExportFormat, and their options */
  const char *exports[3];
  LsExportOptions export_options;
} CliOutput;

/* Writes program output, stamping each line with the virtual time at which
 * its first character was printed. */
static void
write_output (const char *text,
              gsize       len,
              gpointer    user_data)
{
  CliOutput *output = user_data;

  if (output->quiet)
    return;
  if (!output->timestamps)
    {
      fwrite (text, 1, len, stdout);
      return;
    }
  while (len > 0)
    {
      const char *newline = memchr (text, '\n', len);
      gsize chunk = newline != NULL ? (gsize) (newline - text) + 1 : len;

      if (output->at_line_start)
        {
          char stamp[64];
          g_snprintf (stamp, sizeof stamp, "[%8.3f] ", output->vm->now);
          fputs (stamp, stdout);
        }
      fwrite (text, 1, chunk, stdout);
      output->at_line_start = newline != NULL;
      text += chunk;
      len -= chunk;
    }
}

static void
print_syntax_error (const char   *filename,
                    const char   *source,
                    gsize         len,
                    const GError *error)
{
  int line = ls_syntax_error_get_line (error);
  int column = ls_syntax_error_get_column (error);
  g_auto(GStrv) lines = g_strsplit (source, "\n", -1);

  fprintf (stderr, "  File \"%s\", line %d\n", filename, line);
  if (line >= 1 && (guint) line <= g_strv_length (lines) && g_utf8_validate (lines[line - 1], -1, NULL))
    {
      const char *text = lines[line - 1];
      g_autofree char *shown = NULL;
      int indent = 0;

      while (text[indent] == ' ' || text[indent] == '\t')
        indent++;
      shown = g_strchomp (g_strdup (text + indent));
      fprintf (stderr, "    %s\n", shown);
      if (column >= indent)
        fprintf (stderr, "    %*s^\n", (int) g_utf8_strlen (text + indent, column - indent), "");
    }
  fprintf (stderr, "%s: %s\n", ls_syntax_error_get_class_name (error), error->message);
}

/* Prints why the run failed; returns the exit status for it. */
static int
report_failure (LsVM         *vm,
                const char   *filename,
                const char   *source,
                gsize         len,
                const GError *error)
{
  fflush (stdout);
  if (error != NULL)
    {
      print_syntax_error (filename, source, len, error);
      return EXIT_EXCEPTION;
    }
  if (ls_vm_get_stop_kind (vm) != LS_LIMIT_NONE)
    {
      /* names the limit, the line and the option that raises it */
      fprintf (stderr, "loopscope: %s\n", ls_vm_get_stop_message (vm));
      return EXIT_LIMIT;
    }
  if (ls_isinstance (vm, vm->raised, vm->exceptions[LS_EXC_SYSTEM_EXIT]))
    {
      /* raise SystemExit(n) ends the program with status n, as CPython */
      LsTuple *args = ((LsInstance *) vm->raised.o)->exception->args;
      LsValue code = args->len > 0 ? args->items[0] : LS_NONE;
      LsStr *text;

      if (ls_is_none (code))
        return EXIT_OK;
      if (ls_is_intlike (code))
        return (int) (ls_as_int (code) & 0xff);
      if (ls_str (vm, code, &text))
        fprintf (stderr, "%s\n", text->data);
      return EXIT_EXCEPTION;
    }
  if (ls_isinstance (vm, vm->raised, vm->deadlock_class))
    {
      g_autofree char *message = ls_exception_dup_last_line (vm, vm->raised);
      const char *text = strchr (message, ':');

      fprintf (stderr, "loopscope: %s\n", text != NULL ? text + 2 : message);
      return EXIT_DEADLOCK;
    }
  {
    g_autofree char *traceback = ls_vm_format_traceback (vm, vm->raised, source);
    fputs (traceback, stderr);
  }
  return EXIT_EXCEPTION;
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "loopscope run: %s\n", message);
  return EXIT_USAGE;
}

/* --max-instructions N, --max-time SECONDS, --max-events N, --max-memory
 * BYTES, --max-source BYTES (ls-limits.h).  TRUE when argv[*i] was one;
 * *status is then set to EXIT_USAGE for a bad or missing value. */
static gboolean
parse_limit_option (LsLimits  *limits,
                    int        argc,
                    char     **argv,
                    int       *i,
                    int       *status)
{
  g_autoptr(GError) error = NULL;

  if (!ls_limits_is_option (argv[*i]))
    return FALSE;
  if (*i + 1 >= argc)
    {
      g_autofree char *message = g_strdup_printf ("%s needs a value", argv[*i]);
      *status = usage_error (message);
    }
  else if (!ls_limits_parse_option (limits, argv[*i], argv[*i + 1], &error))
    *status = usage_error (error->message);
  *i += 1;
  return TRUE;
}

/* A number option's value: the whole argument must be a finite number. */
static gboolean
parse_number (const char *option, const char *text, double min, double max, double *out, char **message)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !isfinite (value) || value < min || value > max)
    {
      *message = g_strdup_printf ("%s wants a number from %g to %g, not '%s'", option, min, max, text);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/* A syntax error never reaches the trace from the VM: record it, so that
 * a diagram of a program that did not start says why. */
static void
trace_syntax_error (LsVM *vm, const GError *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s (line %d)", ls_syntax_error_get_class_name (error),
                                           error->message, ls_syntax_error_get_line (error));
  LsTraceEvent event = { 0.0, LS_TRACE_UNCAUGHT, 1, 0, 0, 0, 0, (guint32) MAX (ls_syntax_error_get_line (error), 0) };

  if (vm->trace == NULL)
    return;
  event.text = ls_trace_intern (vm->trace, text);
  ls_trace_append (vm->trace, &event);
}

/* --svg/--png/--pdf FILE, --width N, --from S, --to S, --dark: consumes
 * argv[*i] (and its value) and returns TRUE when it was one of them;
 * *status is set to EXIT_USAGE, with the message printed, on a bad value. */
static gboolean
parse_export_option (CliOutput *output, int argc, char **argv, int *i, int *status)
{
  static const char *const formats[] = { "--svg", "--png", "--pdf" };
  const char *option = argv[*i];
  g_autofree char *message = NULL;

  if (strcmp (option, "--dark") == 0)
    {
      output->export_options.dark = TRUE;
      return TRUE;
    }
  if (*i + 1 >= argc)
    return FALSE;
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    if (strcmp (option, formats[f]) == 0)
      {
        output->exports[f] = argv[++*i];
        return TRUE;
      }
  if (strcmp (option, "--width") == 0)
    {
      if (!parse_number (option, argv[++*i], 200, 16000, &output->export_options.width, &message))
        *status = usage_error (message);
      return TRUE;
    }
  if (strcmp (option, "--from") == 0 || strcmp (option, "--to") == 0)
    {
      double *target = option[2] == 'f' ? &output->export_options.from : &output->export_options.to;

      if (!parse_number (option, argv[++*i], 0, 1e12, target, &message))
        *status = usage_error (message);
      return TRUE;
    }
  return FALSE;
}

static gboolean
exports_asked (const CliOutput *output)
{
  return output->exports[LS_EXPORT_SVG] != NULL || output->exports[LS_EXPORT_PNG] != NULL ||
         output->exports[LS_EXPORT_PDF] != NULL;
}

/* The diagrams asked for, through the export function. */
static gboolean
write_exports (CliOutput       *output,
               const char      *filename,
               LsCliExportFunc  export)
{
  g_autofree char *title = g_path_get_basename (filename);
  g_autoptr(GError) error = NULL;

  if (!exports_asked (output))
    return TRUE;
  output->export_options.title = title;
  if (!export (output->vm->trace, output->exports, &output->export_options, &error))
    {
      usage_error (error->message);
      return FALSE;
    }
  return TRUE;
}

int
ls_cli_main (int              argc,
             char           **argv,
             LsCliExportFunc  export)
{
  const char *filename = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsVM) vm = NULL;
  CliOutput output = { NULL, FALSE, FALSE, FALSE, NULL, TRUE };
  LsLimits limits;
  gsize len;
  int status = EXIT_OK;

  ls_export_options_init (&output.export_options);
  ls_limits_init (&limits);
  for (int i = 1; i < argc; i++)
    {
      int option_status = EXIT_OK;

      if (parse_export_option (&output, argc, argv, &i, &option_status))
        {
          if (option_status != EXIT_OK)
            return option_status;
          continue;
        }
      if (parse_limit_option (&limits, argc, argv, &i, &option_status))
        {
          if (option_status != EXIT_OK)
            return option_status;
          continue;
        }
      if (strcmp (argv[i], "--timestamps") == 0)
        output.timestamps = TRUE;
      else if (strcmp (argv[i], "--quiet") == 0)
        output.quiet = TRUE;
      else if (strcmp (argv[i], "--stats") == 0)
        output.stats = TRUE;
      else if (strcmp (argv[i], "--trace-json") == 0 && i + 1 < argc)
        output.trace_json = argv[++i];
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          g_autofree char *message = g_strdup_printf ("unknown option '%s'", argv[i]);
          return usage_error (message);
        }
      else if (filename == NULL)
        filename = argv[i];
      else
        {
          g_autofree char *message = g_strdup_printf ("unexpected argument '%s'", argv[i]);
          return usage_error (message);
        }
    }
  if (filename == NULL)
    return usage_error ("usage: loopscope run FILE.py [--timestamps] [--quiet] [--trace-json OUT.json] "
                        "[--svg OUT.svg] [--png OUT.png] [--pdf OUT.pdf] [--width PIXELS] [--from S] [--to S] [--dark] "
                        "[--max-instructions N] [--max-time SECONDS] [--max-events N] [--max-memory BYTES] "
                        "[--max-source BYTES]");
  if (!isnan (output.export_options.from) && !isnan (output.export_options.to) &&
      output.export_options.to <= output.export_options.from)
    return usage_error ("--to must be later than --from");
  /* every usage error above is the same in both programs */
  if (exports_asked (&output) && export == NULL)
    return LS_CLI_NEEDS_EXPORTER;
  if (!g_file_get_contents (filename, &source, &len, &error))
    return usage_error (error->message);
  if (!ls_limits_check_source (&limits, filename, len, &error))
    {
      fprintf (stderr, "loopscope: %s\n", error->message);
      return EXIT_LIMIT;
    }

  /* the VM runs on this thread with the processor to itself: memory it
   * will write first can be made ready on another (ls-chunk-reserve.h) */
  ls_chunk_reserve_enable ();
  vm = ls_vm_new ();
  ls_vm_set_limits (vm, &limits);
  output.vm = vm;
  ls_vm_set_output (vm, write_output, &output);
  if (!ls_vm_run_main (vm, filename, source, len, &error))
    {
      status = report_failure (vm, filename, source, len, error);
      if (error != NULL)
        trace_syntax_error (vm, error);
    }
  /* interpreter shutdown: join the threads that are not daemons */
  if (status != EXIT_DEADLOCK && status != EXIT_LIMIT && !ls_vm_finish_threads (vm))
    status = report_failure (vm, filename, source, len, NULL);
  fflush (stdout);
  if (output.stats)
    {
      gsize n = ls_trace_get_n_events (vm->trace);
      gsize bytes = ls_trace_get_memory_size (vm->trace);

      /* one line the benchmark reads: events, trace bytes, bytes an event */
      fprintf (stderr, "loopscope-stats: events=%" G_GSIZE_FORMAT " trace-bytes=%" G_GSIZE_FORMAT " bytes-per-event=%.1f\n",
               n, bytes, n > 0 ? (double) bytes / (double) n : 0.0);
    }
  if (output.trace_json != NULL)
    {
      g_autofree char *json = ls_trace_to_chrome_json (vm->trace);
      g_autoptr(GError) write_error = NULL;

      /* g_file_set_contents writes a temporary file and renames it into
       * place, so a failed export never leaves a half-written file */
      if (!g_file_set_contents (output.trace_json, json, -1, &write_error))
        return usage_error (write_error->message);
    }
  if (!write_exports (&output, filename, export))
    return EXIT_USAGE;
  /* the process ends with this run */
  ls_vm_abandon (g_steal_pointer (&vm));
  return status;
}
