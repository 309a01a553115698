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

#include <stdio.h>
#include <string.h>

#include "ls-cli.h"
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
};

typedef struct
{
  const char *trace_json;
  gboolean stats;
  gboolean timestamps;
  gboolean quiet;
  LsVM    *vm;
  gboolean at_line_start;
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

int
ls_cli_main (int    argc,
             char **argv)
{
  const char *filename = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LsVM) vm = NULL;
  CliOutput output = { NULL, FALSE, FALSE, FALSE, NULL, TRUE };
  gsize len;
  int status = EXIT_OK;

  for (int i = 1; i < argc; i++)
    {
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
    return usage_error ("usage: loopscope run FILE.py [--timestamps] [--quiet] [--trace-json OUT.json]");
  if (!g_file_get_contents (filename, &source, &len, &error))
    return usage_error (error->message);

  vm = ls_vm_new ();
  output.vm = vm;
  ls_vm_set_output (vm, write_output, &output);
  if (!ls_vm_run_main (vm, filename, source, len, &error))
    status = report_failure (vm, filename, source, len, error);
  /* interpreter shutdown: join the threads that are not daemons */
  if (status != EXIT_DEADLOCK && !ls_vm_finish_threads (vm))
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
  return status;
}
