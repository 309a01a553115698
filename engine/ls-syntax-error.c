/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include "ls-syntax-error.h"

typedef struct
{
  int line;
  int column;
} LsSyntaxErrorPrivate;

static void
ls_syntax_error_private_init (LsSyntaxErrorPrivate *priv)
{
  priv->line = 0;
  priv->column = 0;
}

static void
ls_syntax_error_private_copy (const LsSyntaxErrorPrivate *src,
                              LsSyntaxErrorPrivate       *dest)
{
  *dest = *src;
}

static void
ls_syntax_error_private_clear (LsSyntaxErrorPrivate *priv)
{
  (void) priv;
}

G_DEFINE_EXTENDED_ERROR (LsSyntaxError, ls_syntax_error)

void
ls_set_syntax_error (GError          **error,
                     LsSyntaxErrorCode code,
                     int               line,
                     int               column,
                     const char       *format,
                     ...)
{
  va_list args;
  GError *new_error;
  LsSyntaxErrorPrivate *priv;

  if (error == NULL)
    return;

  va_start (args, format);
  new_error = g_error_new_valist (LS_SYNTAX_ERROR, code, format, args);
  va_end (args);

  priv = ls_syntax_error_get_private (new_error);
  priv->line = line;
  priv->column = column;
  g_propagate_error (error, new_error);
}

int
ls_syntax_error_get_line (const GError *error)
{
  LsSyntaxErrorPrivate *priv = ls_syntax_error_get_private (error);

  return priv != NULL ? priv->line : 0;
}

int
ls_syntax_error_get_column (const GError *error)
{
  LsSyntaxErrorPrivate *priv = ls_syntax_error_get_private (error);

  return priv != NULL ? priv->column : 0;
}

const char *
ls_syntax_error_get_class_name (const GError *error)
{
  switch ((LsSyntaxErrorCode) error->code)
    {
    case LS_SYNTAX_ERROR_INDENTATION:
      return "IndentationError";
    case LS_SYNTAX_ERROR_TAB:
      return "TabError";
    case LS_SYNTAX_ERROR_RECURSION:
      return "RecursionError";
    case LS_SYNTAX_ERROR_INVALID:
    case LS_SYNTAX_ERROR_UNSUPPORTED:
    default:
      return "SyntaxError";
    }
}
