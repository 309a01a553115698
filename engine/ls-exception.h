/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-exception.h — the built-in exception hierarchy and raising.
 *
 * Exceptions are instances (LsInstance) of classes deriving BaseException,
 * so user subclasses need nothing special.  The VM's error state is "the
 * exception being raised"; native functions set it and return FALSE.
 */
#pragma once

#include "ls-object.h"
#include "ls-class.h"
#include "ls-tuple.h"
#include "ls-code.h"

G_BEGIN_DECLS

/* Keep in step with the table in ls-exception.c (parents come first). */
typedef enum
{
  LS_EXC_BASE_EXCEPTION,
  LS_EXC_SYSTEM_EXIT,
  LS_EXC_KEYBOARD_INTERRUPT,
  LS_EXC_GENERATOR_EXIT,
  LS_EXC_EXCEPTION,
  LS_EXC_STOP_ITERATION,
  LS_EXC_STOP_ASYNC_ITERATION,
  LS_EXC_ARITHMETIC_ERROR,
  LS_EXC_FLOATING_POINT_ERROR,
  LS_EXC_OVERFLOW_ERROR,
  LS_EXC_ZERO_DIVISION_ERROR,
  LS_EXC_ASSERTION_ERROR,
  LS_EXC_ATTRIBUTE_ERROR,
  LS_EXC_BUFFER_ERROR,
  LS_EXC_EOF_ERROR,
  LS_EXC_IMPORT_ERROR,
  LS_EXC_MODULE_NOT_FOUND_ERROR,
  LS_EXC_LOOKUP_ERROR,
  LS_EXC_INDEX_ERROR,
  LS_EXC_KEY_ERROR,
  LS_EXC_MEMORY_ERROR,
  LS_EXC_NAME_ERROR,
  LS_EXC_UNBOUND_LOCAL_ERROR,
  LS_EXC_OS_ERROR,
  LS_EXC_TIMEOUT_ERROR,
  LS_EXC_CONNECTION_ERROR,
  LS_EXC_FILE_NOT_FOUND_ERROR,
  LS_EXC_PERMISSION_ERROR,
  LS_EXC_BROKEN_PIPE_ERROR,
  LS_EXC_CONNECTION_ABORTED_ERROR,
  LS_EXC_CONNECTION_REFUSED_ERROR,
  LS_EXC_CONNECTION_RESET_ERROR,
  LS_EXC_BLOCKING_IO_ERROR,
  LS_EXC_CHILD_PROCESS_ERROR,
  LS_EXC_FILE_EXISTS_ERROR,
  LS_EXC_INTERRUPTED_ERROR,
  LS_EXC_IS_A_DIRECTORY_ERROR,
  LS_EXC_NOT_A_DIRECTORY_ERROR,
  LS_EXC_PROCESS_LOOKUP_ERROR,
  LS_EXC_REFERENCE_ERROR,
  LS_EXC_RUNTIME_ERROR,
  LS_EXC_NOT_IMPLEMENTED_ERROR,
  LS_EXC_RECURSION_ERROR,
  LS_EXC_SYNTAX_ERROR,
  LS_EXC_INDENTATION_ERROR,
  LS_EXC_TAB_ERROR,
  LS_EXC_SYSTEM_ERROR,
  LS_EXC_TYPE_ERROR,
  LS_EXC_VALUE_ERROR,
  LS_EXC_UNICODE_ERROR,
  LS_EXC_UNICODE_DECODE_ERROR,
  LS_EXC_UNICODE_ENCODE_ERROR,
  LS_EXC_WARNING,
  LS_EXC_USER_WARNING,
  LS_EXC_DEPRECATION_WARNING,
  LS_EXC_RUNTIME_WARNING,
  LS_EXC_BASE_EXCEPTION_GROUP,
  LS_EXC_EXCEPTION_GROUP,
  LS_N_EXCEPTIONS
} LsExceptionType;

typedef struct
{
  LsCode *code;
  gint32  line;
} LsTracebackEntry;

struct _LsExceptionData
{
  LsTuple          *args;
  LsValue           cause;             /* __cause__, LS_NONE when absent */
  LsValue           context;           /* __context__ */
  gboolean          suppress_context;  /* set by `raise ... from ...` */
  /* innermost last, as CPython prints it */
  GArray           *traceback;         /* of LsTracebackEntry */
};

/* Sets the VM's raised exception to a new instance of a built-in type with
 * a formatted message (its single arg).  Always returns FALSE, so natives
 * can `return ls_raise (...)`. */
gboolean ls_raise         (LsVM *vm, LsExceptionType type, const char *format, ...) G_GNUC_PRINTF (3, 4);
/* Raises an existing exception object (an instance or a class to call). */
gboolean ls_raise_value   (LsVM *vm, LsValue exception);
LsClass *ls_exception_class (LsVM *vm, LsExceptionType type);
LsInstance *ls_exception_new (LsVM *vm, LsClass *cls, LsTuple *args);
gboolean ls_is_exception  (LsValue v);
/* Puts (code, line) outermost in the traceback of `exception`, as the
 * interpreter does for each frame it leaves; nothing for a non-instance. */
void     ls_exception_add_traceback_entry (LsValue exception, LsCode *code, gint32 line);
/* Creates the hierarchy in vm->exceptions and the builtins dict. */
void     ls_exceptions_init (LsVM *vm);
/* str(exc) and the last line CPython prints for it ("ValueError: boom"). */
char    *ls_exception_dup_last_line (LsVM *vm, LsValue exception);

G_END_DECLS
