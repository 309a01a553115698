/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ls-exception.c — the built-in exception hierarchy (CPython 3.11's, the
 * parts programs meet), creating and raising exceptions, and their str()
 * and repr().
 */
#define G_LOG_DOMAIN "loopscope-engine"

#include "config.h"

#include <stdarg.h>

#include "ls-exception.h"
#include "ls-function.h"
#include "ls-list.h"
#include "ls-set.h"
#include "ls-ops.h"
#include "ls-vm.h"

static const struct
{
  LsExceptionType type;
  const char     *name;
  LsExceptionType parent;
} hierarchy[] = {
  { LS_EXC_BASE_EXCEPTION, "BaseException", LS_EXC_BASE_EXCEPTION },
  { LS_EXC_SYSTEM_EXIT, "SystemExit", LS_EXC_BASE_EXCEPTION },
  { LS_EXC_KEYBOARD_INTERRUPT, "KeyboardInterrupt", LS_EXC_BASE_EXCEPTION },
  { LS_EXC_GENERATOR_EXIT, "GeneratorExit", LS_EXC_BASE_EXCEPTION },
  { LS_EXC_EXCEPTION, "Exception", LS_EXC_BASE_EXCEPTION },
  { LS_EXC_STOP_ITERATION, "StopIteration", LS_EXC_EXCEPTION },
  { LS_EXC_STOP_ASYNC_ITERATION, "StopAsyncIteration", LS_EXC_EXCEPTION },
  { LS_EXC_ARITHMETIC_ERROR, "ArithmeticError", LS_EXC_EXCEPTION },
  { LS_EXC_FLOATING_POINT_ERROR, "FloatingPointError", LS_EXC_ARITHMETIC_ERROR },
  { LS_EXC_OVERFLOW_ERROR, "OverflowError", LS_EXC_ARITHMETIC_ERROR },
  { LS_EXC_ZERO_DIVISION_ERROR, "ZeroDivisionError", LS_EXC_ARITHMETIC_ERROR },
  { LS_EXC_ASSERTION_ERROR, "AssertionError", LS_EXC_EXCEPTION },
  { LS_EXC_ATTRIBUTE_ERROR, "AttributeError", LS_EXC_EXCEPTION },
  { LS_EXC_BUFFER_ERROR, "BufferError", LS_EXC_EXCEPTION },
  { LS_EXC_EOF_ERROR, "EOFError", LS_EXC_EXCEPTION },
  { LS_EXC_IMPORT_ERROR, "ImportError", LS_EXC_EXCEPTION },
  { LS_EXC_MODULE_NOT_FOUND_ERROR, "ModuleNotFoundError", LS_EXC_IMPORT_ERROR },
  { LS_EXC_LOOKUP_ERROR, "LookupError", LS_EXC_EXCEPTION },
  { LS_EXC_INDEX_ERROR, "IndexError", LS_EXC_LOOKUP_ERROR },
  { LS_EXC_KEY_ERROR, "KeyError", LS_EXC_LOOKUP_ERROR },
  { LS_EXC_MEMORY_ERROR, "MemoryError", LS_EXC_EXCEPTION },
  { LS_EXC_NAME_ERROR, "NameError", LS_EXC_EXCEPTION },
  { LS_EXC_UNBOUND_LOCAL_ERROR, "UnboundLocalError", LS_EXC_NAME_ERROR },
  { LS_EXC_OS_ERROR, "OSError", LS_EXC_EXCEPTION },
  { LS_EXC_TIMEOUT_ERROR, "TimeoutError", LS_EXC_OS_ERROR },
  { LS_EXC_CONNECTION_ERROR, "ConnectionError", LS_EXC_OS_ERROR },
  { LS_EXC_FILE_NOT_FOUND_ERROR, "FileNotFoundError", LS_EXC_OS_ERROR },
  { LS_EXC_PERMISSION_ERROR, "PermissionError", LS_EXC_OS_ERROR },
  { LS_EXC_BROKEN_PIPE_ERROR, "BrokenPipeError", LS_EXC_CONNECTION_ERROR },
  { LS_EXC_CONNECTION_ABORTED_ERROR, "ConnectionAbortedError", LS_EXC_CONNECTION_ERROR },
  { LS_EXC_CONNECTION_REFUSED_ERROR, "ConnectionRefusedError", LS_EXC_CONNECTION_ERROR },
  { LS_EXC_CONNECTION_RESET_ERROR, "ConnectionResetError", LS_EXC_CONNECTION_ERROR },
  { LS_EXC_BLOCKING_IO_ERROR, "BlockingIOError", LS_EXC_OS_ERROR },
  { LS_EXC_CHILD_PROCESS_ERROR, "ChildProcessError", LS_EXC_OS_ERROR },
  { LS_EXC_FILE_EXISTS_ERROR, "FileExistsError", LS_EXC_OS_ERROR },
  { LS_EXC_INTERRUPTED_ERROR, "InterruptedError", LS_EXC_OS_ERROR },
  { LS_EXC_IS_A_DIRECTORY_ERROR, "IsADirectoryError", LS_EXC_OS_ERROR },
  { LS_EXC_NOT_A_DIRECTORY_ERROR, "NotADirectoryError", LS_EXC_OS_ERROR },
  { LS_EXC_PROCESS_LOOKUP_ERROR, "ProcessLookupError", LS_EXC_OS_ERROR },
  { LS_EXC_REFERENCE_ERROR, "ReferenceError", LS_EXC_EXCEPTION },
  { LS_EXC_RUNTIME_ERROR, "RuntimeError", LS_EXC_EXCEPTION },
  { LS_EXC_NOT_IMPLEMENTED_ERROR, "NotImplementedError", LS_EXC_RUNTIME_ERROR },
  { LS_EXC_RECURSION_ERROR, "RecursionError", LS_EXC_RUNTIME_ERROR },
  { LS_EXC_SYNTAX_ERROR, "SyntaxError", LS_EXC_EXCEPTION },
  { LS_EXC_INDENTATION_ERROR, "IndentationError", LS_EXC_SYNTAX_ERROR },
  { LS_EXC_TAB_ERROR, "TabError", LS_EXC_INDENTATION_ERROR },
  { LS_EXC_SYSTEM_ERROR, "SystemError", LS_EXC_EXCEPTION },
  { LS_EXC_TYPE_ERROR, "TypeError", LS_EXC_EXCEPTION },
  { LS_EXC_VALUE_ERROR, "ValueError", LS_EXC_EXCEPTION },
  { LS_EXC_UNICODE_ERROR, "UnicodeError", LS_EXC_VALUE_ERROR },
  { LS_EXC_UNICODE_DECODE_ERROR, "UnicodeDecodeError", LS_EXC_UNICODE_ERROR },
  { LS_EXC_UNICODE_ENCODE_ERROR, "UnicodeEncodeError", LS_EXC_UNICODE_ERROR },
  { LS_EXC_WARNING, "Warning", LS_EXC_EXCEPTION },
  { LS_EXC_USER_WARNING, "UserWarning", LS_EXC_WARNING },
  { LS_EXC_DEPRECATION_WARNING, "DeprecationWarning", LS_EXC_WARNING },
  { LS_EXC_RUNTIME_WARNING, "RuntimeWarning", LS_EXC_WARNING },
  /* ExceptionGroup derives from BaseExceptionGroup and Exception: the
   * second base is recorded as `also` (see ls_class_is_subclass) */
  { LS_EXC_BASE_EXCEPTION_GROUP, "BaseExceptionGroup", LS_EXC_BASE_EXCEPTION },
  { LS_EXC_EXCEPTION_GROUP, "ExceptionGroup", LS_EXC_BASE_EXCEPTION_GROUP },
};

G_STATIC_ASSERT (G_N_ELEMENTS (hierarchy) == LS_N_EXCEPTIONS);

LsClass *
ls_exception_class (LsVM            *vm,
                    LsExceptionType  type)
{
  return vm->exceptions[type];
}

void
ls_exception_add_traceback_entry (LsValue  exception,
                                  LsCode  *code,
                                  gint32   line)
{
  LsInstance *instance = ls_value_instance (exception);
  LsTracebackEntry entry = { code, line };

  if (instance == NULL || instance->exception == NULL)
    return;
  if (instance->exception->traceback == NULL)
    instance->exception->traceback = g_array_new (FALSE, FALSE, sizeof (LsTracebackEntry));
  g_array_prepend_val (instance->exception->traceback, entry);
}

gboolean
ls_is_exception (LsValue v)
{
  LsInstance *instance = ls_value_instance (v);

  return instance != NULL && instance->exception != NULL;
}

LsInstance *
ls_exception_new (LsVM    *vm,
                  LsClass *cls,
                  LsTuple *args)
{
  LsInstance *self = ls_instance_new (vm, cls);

  self->exception = g_new0 (LsExceptionData, 1);
  self->exception->args = args != NULL ? args : vm->empty_tuple;
  self->exception->cause = LS_NONE;
  self->exception->context = LS_NONE;
  return self;
}

gboolean
ls_raise (LsVM            *vm,
          LsExceptionType  type,
          const char      *format,
          ...)
{
  LsTuple *args = vm->empty_tuple;

  if (format != NULL)
    {
      va_list ap;
      g_autofree char *message = NULL;

      va_start (ap, format);
      message = g_strdup_vprintf (format, ap);
      va_end (ap);
      args = ls_tuple_new (vm, 1);
      args->items[0] = ls_obj (ls_str_new_cstr (vm, message));
    }
  vm->raised = ls_obj (ls_exception_new (vm, vm->exceptions[type], args));
  return FALSE;
}

gboolean
ls_raise_value (LsVM    *vm,
                LsValue  exception)
{
  LsClass *cls = ls_value_class (exception);

  if (cls != NULL && cls->is_exception)
    {
      LsValue instance;

      if (!ls_call (vm, exception, NULL, 0, NULL, &instance))
        return FALSE;
      exception = instance;
    }
  if (!ls_is_exception (exception))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "exceptions must derive from BaseException");
  vm->raised = exception;
  return FALSE;
}

/* self of a BaseException method, which a scenario can call through the
 * class with anything (`Exception.__repr__(1)`, `ExceptionGroup.__str__(
 * future)`): NULL, with CPython's TypeError (its wording for a slot such
 * as __repr__, or for a plain method), unless it is an instance of `cls`.
 * The methods below read its C exception data and its dict. */
static LsInstance *
exception_self (LsVM *vm, const LsValue *args, guint n_args, const char *method, LsClass *cls)
{
  LsInstance *self = n_args > 0 ? ls_value_instance (args[0]) : NULL;
  const char *type_name = n_args > 0 ? ls_type_name (vm, args[0]) : "nothing";

  if (self != NULL && self->exception != NULL && self->dict != NULL && ls_class_is_subclass (self->header.cls, cls))
    return self;
  if (g_str_has_prefix (method, "__"))
    ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' requires a '%s' object but received a '%s'", method,
              cls->name->data, type_name);
  else
    ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", method,
              cls->name->data, type_name);
  return NULL;
}

/* str(exc): CPython's BaseException.__str__ (KeyError quotes its key). */
static gboolean
exception_str (LsVM          *vm,
               const LsValue *args,
               guint          n_args,
               LsTuple       *kwnames,
               LsValue       *result)
{
  LsInstance *self = ls_value_instance (args[0]);
  LsTuple *exc_args;
  LsStr *s;

  if (self == NULL || self->exception == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "descriptor '__str__' requires a 'BaseException' object");
  exc_args = self->exception->args;
  if (exc_args->len == 0)
    s = vm->empty_str;
  else if (exc_args->len == 1)
    {
      gboolean quote = ls_class_is_subclass (self->header.cls, vm->exceptions[LS_EXC_KEY_ERROR]);

      if (!(quote ? ls_repr (vm, exc_args->items[0], &s) : ls_str (vm, exc_args->items[0], &s)))
        return FALSE;
    }
  else if (!ls_str (vm, ls_obj (exc_args), &s))
    return FALSE;
  *result = ls_obj (s);
  return TRUE;
}

/* repr(exc): ValueError('boom'), ValueError(), ValueError(1, 2) */
static gboolean
exception_repr (LsVM          *vm,
                const LsValue *args,
                guint          n_args,
                LsTuple       *kwnames,
                LsValue       *result)
{
  LsInstance *self = exception_self (vm, args, n_args, "__repr__", vm->exceptions[0]);
  GString *out;
  LsTuple *exc_args;

  if (self == NULL)
    return FALSE;
  out = g_string_new (self->header.cls->name->data);
  exc_args = self->exception->args;

  if (exc_args->len == 1)
    {
      g_string_append_c (out, '(');
      if (!ls_repr_append (vm, exc_args->items[0], out))
        {
          g_string_free (out, TRUE);
          return FALSE;
        }
      g_string_append_c (out, ')');
    }
  else if (!ls_repr_append (vm, ls_obj (exc_args), out))
    {
      g_string_free (out, TRUE);
      return FALSE;
    }
  *result = ls_obj (ls_str_take_gstring (vm, out));
  return TRUE;
}

static gboolean
exception_init (LsVM          *vm,
                const LsValue *args,
                guint          n_args,
                LsTuple       *kwnames,
                LsValue       *result)
{
  LsInstance *self = exception_self (vm, args, n_args, "__init__", vm->exceptions[0]);

  if (self == NULL || !ls_no_kwargs (vm, self->header.cls->name->data, kwnames))
    return FALSE;
  self->exception->args = ls_tuple_new_from (vm, args + 1, n_args - 1);
  *result = LS_NONE;
  return TRUE;
}

static gboolean
exception_with_traceback (LsVM          *vm,
                          const LsValue *args,
                          guint          n_args,
                          LsTuple       *kwnames,
                          LsValue       *result)
{
  if (exception_self (vm, args, n_args, "with_traceback", vm->exceptions[0]) == NULL)
    return FALSE;
  *result = args[0];
  return TRUE;
}

/* --- exception groups ------------------------------------------------------- */

static gboolean
group_new (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsClass *cls = n_args > 0 ? ls_value_class (args[0]) : NULL;
  LsClass *group = vm->exceptions[LS_EXC_EXCEPTION_GROUP];
  LsValue list;
  LsList *items;
  gboolean all_exceptions = TRUE;
  LsInstance *self;

  /* called through the class with anything (`ExceptionGroup.__new__(1,
   * ...)`): the instance made below must be a group */
  if (cls == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "BaseExceptionGroup.__new__(X): X is not a type object (%s)",
                     n_args > 0 ? ls_type_name (vm, args[0]) : "nothing");
  if (!ls_class_is_subclass (cls, vm->exceptions[LS_EXC_BASE_EXCEPTION_GROUP]))
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "BaseExceptionGroup.__new__(%s): %s is not a subtype of BaseExceptionGroup",
                     cls->name->data, cls->name->data);
  if (!ls_no_kwargs (vm, cls->name->data, kwnames))
    return FALSE;
  if (n_args != 3)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%u given)", n_args - 1);
  if (ls_value_str (args[1]) == NULL)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "argument 1 must be str, not %s", ls_type_name (vm, args[1]));
  if (ls_value_str (args[2]) != NULL || ls_value_dict (args[2]) != NULL || ls_value_set (args[2]) != NULL ||
      !ls_iterate_to_list (vm, args[2], &list))
    {
      vm->raised = LS_UNBOUND;
      return ls_raise (vm, LS_EXC_TYPE_ERROR, "second argument (exceptions) must be a sequence");
    }
  items = (LsList *) list.o;
  if (items->len == 0)
    return ls_raise (vm, LS_EXC_VALUE_ERROR, "second argument (exceptions) must be a non-empty sequence");
  for (gsize i = 0; i < items->len; i++)
    {
      if (!ls_is_exception (items->items[i]))
        return ls_raise (vm, LS_EXC_VALUE_ERROR, "Item %" G_GSIZE_FORMAT " of second argument (exceptions) is not an exception", i);
      if (!ls_isinstance (vm, items->items[i], vm->exceptions[LS_EXC_EXCEPTION]))
        all_exceptions = FALSE;
    }
  /* BaseExceptionGroup of Exceptions only is an ExceptionGroup */
  if (cls == vm->exceptions[LS_EXC_BASE_EXCEPTION_GROUP] && all_exceptions)
    cls = group;
  else if (ls_class_is_subclass (cls, group) && !all_exceptions)
    return ls_raise (vm, LS_EXC_TYPE_ERROR, "Cannot nest BaseExceptions in an ExceptionGroup");
  self = ls_exception_new (vm, cls, ls_tuple_new_from (vm, args + 1, 2));
  ls_dict_set_str (vm, self->dict, ls_str_intern_cstr (vm, "message"), args[1]);
  ls_dict_set_str (vm, self->dict, ls_str_intern_cstr (vm, "exceptions"),
                   ls_obj (ls_tuple_new_from (vm, items->items, items->len)));
  *result = ls_obj (self);
  return TRUE;
}

static gboolean
group_str (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsInstance *self = exception_self (vm, args, n_args, "__str__", vm->exceptions[LS_EXC_BASE_EXCEPTION_GROUP]);
  LsValue message;
  LsTuple *exceptions;
  gsize n;
  g_autofree char *text = NULL;

  if (self == NULL)
    return FALSE;
  message = ls_dict_get_str (self->dict, ls_str_intern_cstr (vm, "message"));
  exceptions = ls_value_tuple (ls_dict_get_str (self->dict, ls_str_intern_cstr (vm, "exceptions")));
  n = exceptions != NULL ? exceptions->len : 0;
  text = g_strdup_printf ("%s (%" G_GSIZE_FORMAT " sub-exception%s)",
                          ls_value_str (message) != NULL ? ((LsStr *) message.o)->data : "",
                          n, n == 1 ? "" : "s");

  *result = ls_obj (ls_str_new_cstr (vm, text));
  return TRUE;
}

static gboolean
group_derive (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  LsInstance *self = exception_self (vm, args, n_args, "derive", vm->exceptions[LS_EXC_BASE_EXCEPTION_GROUP]);
  LsValue call_args[2];

  if (self == NULL || !ls_check_args (vm, "derive", n_args - 1, kwnames, 1, 1))
    return FALSE;
  call_args[0] = ls_dict_get_str (self->dict, ls_str_intern_cstr (vm, "message"));
  call_args[1] = args[1];
  return ls_call (vm, ls_obj (vm->exceptions[LS_EXC_BASE_EXCEPTION_GROUP]), call_args, 2, NULL, result);
}

static gboolean
group_init (LsVM *vm, const LsValue *args, guint n_args, LsTuple *kwnames, LsValue *result)
{
  /* __new__ did the work; args stay (message, exceptions) */
  *result = LS_NONE;
  return TRUE;
}

static void
exception_groups_init (LsVM *vm)
{
  LsClass *base_group = vm->exceptions[LS_EXC_BASE_EXCEPTION_GROUP];

  vm->exceptions[LS_EXC_EXCEPTION_GROUP]->also = vm->exceptions[LS_EXC_EXCEPTION];
  ls_class_add_method (vm, base_group, "__new__", group_new);
  ls_class_add_method (vm, base_group, "__init__", group_init);
  ls_class_add_method (vm, base_group, "__str__", group_str);
  ls_class_add_method (vm, base_group, "derive", group_derive);
}

void
ls_exceptions_init (LsVM *vm)
{
  for (guint i = 0; i < LS_N_EXCEPTIONS; i++)
    {
      LsClass *base = i == 0 ? vm->types[LS_TYPE_OBJECT] : vm->exceptions[hierarchy[i].parent];
      LsClass *cls = ls_class_new (vm, hierarchy[i].name, base, "builtins");

      g_assert (hierarchy[i].type == i);
      cls->is_builtin = TRUE;
      cls->is_exception = TRUE;
      vm->exceptions[i] = cls;
      ls_dict_set_str (vm, vm->builtins, cls->name, ls_obj (cls));
    }
  ls_class_add_method (vm, vm->exceptions[0], "__str__", exception_str);
  ls_class_add_method (vm, vm->exceptions[0], "__repr__", exception_repr);
  ls_class_add_method (vm, vm->exceptions[0], "__init__", exception_init);
  ls_class_add_method (vm, vm->exceptions[0], "with_traceback", exception_with_traceback);
  exception_groups_init (vm);
  /* Python 3's aliases */
  ls_dict_set_str (vm, vm->builtins, ls_str_intern_cstr (vm, "EnvironmentError"), ls_obj (vm->exceptions[LS_EXC_OS_ERROR]));
  ls_dict_set_str (vm, vm->builtins, ls_str_intern_cstr (vm, "IOError"), ls_obj (vm->exceptions[LS_EXC_OS_ERROR]));
}

char *
ls_exception_dup_last_line (LsVM    *vm,
                            LsValue  exception)
{
  LsClass *cls = ls_type_of (vm, exception);
  GString *out = g_string_new (NULL);
  LsStr *message;
  LsValue saved = vm->raised;

  /* CPython leaves out the module for builtins and __main__ */
  if (!ls_str_equal (cls->module, ls_str_intern_cstr (vm, "builtins")) &&
      !ls_str_equal (cls->module, ls_str_intern_cstr (vm, "__main__")))
    g_string_append_printf (out, "%s.", cls->module->data);
  g_string_append (out, cls->qualname->data);
  if (ls_str (vm, exception, &message))
    {
      if (message->len > 0)
        g_string_append_printf (out, ": %s", message->data);
    }
  else
    g_string_append (out, ": <exception str() failed>");
  vm->raised = saved;
  return g_string_free (out, FALSE);
}
