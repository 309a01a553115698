/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-syntax-error.h — errors found before a scenario runs.
 *
 * A GError of this domain carries the line and column of the offending
 * source (an extended error domain), so the command line can print a
 * CPython-style traceback and the editor can underline the spot.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LS_SYNTAX_ERROR (ls_syntax_error_quark ())

typedef enum
{
  LS_SYNTAX_ERROR_INVALID,       /* SyntaxError */
  LS_SYNTAX_ERROR_INDENTATION,   /* IndentationError */
  LS_SYNTAX_ERROR_TAB,           /* TabError */
  LS_SYNTAX_ERROR_UNSUPPORTED,   /* valid Python that Loopscope does not run: shown as SyntaxError */
  LS_SYNTAX_ERROR_RECURSION,     /* RecursionError: a tree too deep to compile */
} LsSyntaxErrorCode;

GQuark      ls_syntax_error_quark     (void);

/* Sets *error to a new LS_SYNTAX_ERROR; line is 1-based, column 0-based bytes
 * (CPython's col_offset).  The message is CPython's text, without the class. */
void        ls_set_syntax_error       (GError          **error,
                                       LsSyntaxErrorCode code,
                                       int               line,
                                       int               column,
                                       const char       *format,
                                       ...) G_GNUC_PRINTF (5, 6);
int         ls_syntax_error_get_line   (const GError *error);
int         ls_syntax_error_get_column (const GError *error);
/* "SyntaxError", "IndentationError", "TabError" or "RecursionError". */
const char *ls_syntax_error_get_class_name (const GError *error);

G_END_DECLS
